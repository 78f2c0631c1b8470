using System.Text;

namespace BootstrapPortal.Core.Certificates;

/// <summary>
/// A port of the block-finding rules of Go's <c>encoding/pem.Decode</c>, which kube-apiserver uses to read
/// <c>spec.request</c> and <c>status.certificate</c>: a block starts with <c>-----BEGIN TYPE-----</c> at the start
/// of a line, may carry <c>Key: Value</c> header lines, ends with a matching <c>-----END TYPE-----</c> line, and its
/// body is base64 (spaces, tabs and line breaks ignored). Candidates that break a rule are skipped and the search
/// goes on, exactly as Go does.
/// </summary>
internal static class PemReader
{
    private static ReadOnlySpan<byte> BeginAtStart => "-----BEGIN "u8;

    private static ReadOnlySpan<byte> BeginAfterNewline => "\n-----BEGIN "u8;

    private static ReadOnlySpan<byte> EndAtStart => "-----END "u8;

    private static ReadOnlySpan<byte> EndAfterNewline => "\n-----END "u8;

    private static ReadOnlySpan<byte> Dashes => "-----"u8;

    /// <summary>Finds every block, like calling Go's <c>pem.Decode</c> on the rest until it returns nil.</summary>
    public static PemScanResult ReadAll(ReadOnlySpan<byte> data)
    {
        var blocks = new List<PemBlock>();
        string? firstRejection = null;
        var position = 0;
        while (position < data.Length)
        {
            var block = Decode(data, position, ref firstRejection);
            if (block is null)
            {
                break;
            }

            blocks.Add(block);
            position = block.End;
        }

        return new PemScanResult(blocks, firstRejection);
    }

    /// <summary>The next block at or after <paramref name="offset"/>, or null when Go would find none.</summary>
    public static PemBlock? Decode(ReadOnlySpan<byte> data, int offset, ref string? firstRejection)
    {
        var rest = offset;
        while (true)
        {
            int blockStart;
            if (data[rest..].StartsWith(BeginAtStart))
            {
                blockStart = rest;
                rest += BeginAtStart.Length;
            }
            else
            {
                var index = data[rest..].IndexOf(BeginAfterNewline);
                if (index < 0)
                {
                    return null;
                }

                blockStart = rest + index + 1;
                rest = rest + index + BeginAfterNewline.Length;
            }

            var (typeStart, typeEnd, afterType) = GetLine(data, rest);
            rest = afterType;
            var typeLine = data[typeStart..typeEnd];
            if (!typeLine.EndsWith(Dashes))
            {
                Reject(ref firstRejection, blockStart, "the BEGIN line does not end with \"-----\"");
                continue;
            }

            typeLine = typeLine[..^Dashes.Length];
            var type = Encoding.UTF8.GetString(typeLine);
            var headers = new Dictionary<string, string>(StringComparer.Ordinal);

            while (true)
            {
                if (rest >= data.Length)
                {
                    // Go returns "no block" here without looking any further.
                    Reject(ref firstRejection, blockStart, $"the \"{type}\" block has no END line");
                    return null;
                }

                var (lineStart, lineEnd, next) = GetLine(data, rest);
                var line = data[lineStart..lineEnd];
                var colon = line.IndexOf((byte)':');
                if (colon < 0)
                {
                    break;
                }

                headers[Encoding.UTF8.GetString(line[..colon].Trim(" \t\r\n"u8))] =
                    Encoding.UTF8.GetString(line[(colon + 1)..].Trim(" \t\r\n"u8));
                rest = next;
            }

            int endIndex;
            int endTrailerIndex;
            if (headers.Count == 0 && data[rest..].StartsWith(EndAtStart))
            {
                endIndex = rest;
                endTrailerIndex = rest + EndAtStart.Length;
            }
            else
            {
                var index = data[rest..].IndexOf(EndAfterNewline);
                if (index < 0)
                {
                    Reject(ref firstRejection, blockStart, $"the \"{type}\" block has no END line");
                    continue;
                }

                endIndex = rest + index;
                endTrailerIndex = endIndex + EndAfterNewline.Length;
            }

            var endTrailerLength = typeLine.Length + Dashes.Length;
            if (data.Length - endTrailerIndex < endTrailerLength)
            {
                Reject(ref firstRejection, blockStart, $"the END line does not match \"-----END {type}-----\"");
                continue;
            }

            var endTrailer = data.Slice(endTrailerIndex, endTrailerLength);
            if (!endTrailer.StartsWith(typeLine) || !endTrailer.EndsWith(Dashes))
            {
                Reject(ref firstRejection, blockStart, $"the END line does not match \"-----END {type}-----\"");
                continue;
            }

            var (restStart, restEnd, _) = GetLine(data, endTrailerIndex + endTrailerLength);
            if (restEnd != restStart)
            {
                Reject(ref firstRejection, blockStart, "the END line is followed by other characters on the same line");
                continue;
            }

            var bytes = DecodeBase64(data[rest..endIndex]);
            if (bytes is null)
            {
                Reject(ref firstRejection, blockStart, $"the body of the \"{type}\" block is not valid base64");
                continue;
            }

            var (_, _, blockEnd) = GetLine(data, endIndex + EndAfterNewline.Length - 1);
            return new PemBlock(type, headers, bytes, blockStart, blockEnd);
        }
    }

    /// <summary>Go's <c>getLine</c>: the line without its trailing spaces/tabs/CR, and where the next line starts.</summary>
    private static (int Start, int End, int Next) GetLine(ReadOnlySpan<byte> data, int start)
    {
        var newline = data[start..].IndexOf((byte)'\n');
        int end;
        int next;
        if (newline < 0)
        {
            end = data.Length;
            next = data.Length;
        }
        else
        {
            end = start + newline;
            next = end + 1;
            if (newline > 0 && data[end - 1] == (byte)'\r')
            {
                end--;
            }
        }

        while (end > start && (data[end - 1] == (byte)' ' || data[end - 1] == (byte)'\t'))
        {
            end--;
        }

        return (start, end, next);
    }

    private static byte[]? DecodeBase64(ReadOnlySpan<byte> body)
    {
        // Go removes spaces and tabs and its decoder skips CR and LF; any other byte outside the alphabet is an error.
        var chars = new char[body.Length];
        var count = 0;
        foreach (var b in body)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                continue;
            }

            if (b > 0x7F)
            {
                return null;
            }

            chars[count++] = (char)b;
        }

        var buffer = new byte[(count / 4 * 3) + 3];
        return Convert.TryFromBase64Chars(chars.AsSpan(0, count), buffer, out var written) ? buffer[..written] : null;
    }

    private static void Reject(ref string? firstRejection, int offset, string reason) =>
        firstRejection ??= $"malformed PEM block at byte {offset}: {reason}";
}
