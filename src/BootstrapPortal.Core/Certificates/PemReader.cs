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

    private static readonly IReadOnlyDictionary<string, string> NoHeaders =
        System.Collections.Frozen.FrozenDictionary<string, string>.Empty;

    /// <summary>Finds every block, like calling Go's <c>pem.Decode</c> on the rest until it returns nil.</summary>
    public static PemScanResult ReadAll(ReadOnlySpan<byte> data)
    {
        var blocks = new List<PemBlock>();
        string? firstRejection = null;
        var state = new ScanState();
        var position = 0;
        while (position < data.Length)
        {
            var block = Decode(data, position, ref state, ref firstRejection);
            if (block is null)
            {
                break;
            }

            blocks.Add(block);
            position = block.End;
        }

        return new PemScanResult(blocks, firstRejection);
    }

    /// <summary>
    /// Search results reused across candidates. Positions only move forward, so "the next END line at or after p" and
    /// "the last non-base64 byte before that END line" stay valid; this keeps hostile input (thousands of BEGIN lines
    /// sharing one END line, or none) linear instead of quadratic, without changing which block is found.
    /// </summary>
    private struct ScanState
    {
        public ScanState()
        {
        }

        /// <summary>Absolute index of the next "\n-----END ", or -1 when a search from <see cref="EndSearchedFrom"/> found none.</summary>
        public int NextEnd { get; set; } = -1;

        public int EndSearchedFrom { get; set; } = int.MaxValue;

        /// <summary>The END index whose preceding body was found to contain a non-base64 byte at <see cref="LastInvalid"/>.</summary>
        public int InvalidForEnd { get; set; } = -1;

        public int LastInvalid { get; set; } = -1;
    }

    /// <summary>The next block at or after <paramref name="offset"/>, or null when Go would find none.</summary>
    private static PemBlock? Decode(ReadOnlySpan<byte> data, int offset, ref ScanState state, ref string? firstRejection)
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
                Reject(ref firstRejection, blockStart, [], static _ => "the BEGIN line does not end with \"-----\"");
                continue;
            }

            typeLine = typeLine[..^Dashes.Length];
            Dictionary<string, string>? headers = null;

            while (true)
            {
                if (rest >= data.Length)
                {
                    // Go returns "no block" here without looking any further.
                    Reject(ref firstRejection, blockStart, typeLine, static type => $"the \"{type}\" block has no END line");
                    return null;
                }

                var (lineStart, lineEnd, next) = GetLine(data, rest);
                var line = data[lineStart..lineEnd];
                var colon = line.IndexOf((byte)':');
                if (colon < 0)
                {
                    break;
                }

                headers ??= new Dictionary<string, string>(StringComparer.Ordinal);
                headers[Encoding.UTF8.GetString(line[..colon].Trim(" \t\r\n"u8))] =
                    Encoding.UTF8.GetString(line[(colon + 1)..].Trim(" \t\r\n"u8));
                rest = next;
            }

            int endIndex;
            int endTrailerIndex;
            if (headers is null && data[rest..].StartsWith(EndAtStart))
            {
                endIndex = rest;
                endTrailerIndex = rest + EndAtStart.Length;
            }
            else
            {
                var found = FindEnd(data, rest, ref state);
                if (found < 0)
                {
                    // Go would go on trying later BEGIN lines, but none of them can have an END line either.
                    Reject(ref firstRejection, blockStart, typeLine, static type => $"the \"{type}\" block has no END line");
                    return null;
                }

                endIndex = found;
                endTrailerIndex = endIndex + EndAfterNewline.Length;
            }

            var endTrailerLength = typeLine.Length + Dashes.Length;
            if (data.Length - endTrailerIndex < endTrailerLength)
            {
                Reject(ref firstRejection, blockStart, typeLine, static type => $"the END line does not match \"-----END {type}-----\"");
                continue;
            }

            var endTrailer = data.Slice(endTrailerIndex, endTrailerLength);
            if (!endTrailer.StartsWith(typeLine) || !endTrailer.EndsWith(Dashes))
            {
                Reject(ref firstRejection, blockStart, typeLine, static type => $"the END line does not match \"-----END {type}-----\"");
                continue;
            }

            var (restStart, restEnd, _) = GetLine(data, endTrailerIndex + endTrailerLength);
            if (restEnd != restStart)
            {
                Reject(ref firstRejection, blockStart, [], static _ => "the END line is followed by other characters on the same line");
                continue;
            }

            byte[]? bytes = null;
            var knownInvalid = state.InvalidForEnd == endIndex && rest <= state.LastInvalid;
            if (!knownInvalid)
            {
                bytes = DecodeBase64(data[rest..endIndex], out var lastInvalid);
                if (lastInvalid >= 0)
                {
                    state.InvalidForEnd = endIndex;
                    state.LastInvalid = rest + lastInvalid;
                }
            }

            if (bytes is null)
            {
                Reject(ref firstRejection, blockStart, typeLine, static type => $"the body of the \"{type}\" block is not valid base64");
                continue;
            }

            var (_, _, blockEnd) = GetLine(data, endIndex + EndAfterNewline.Length - 1);
            return new PemBlock(Encoding.UTF8.GetString(typeLine), headers ?? NoHeaders, bytes, blockStart, blockEnd);
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

    private static int FindEnd(ReadOnlySpan<byte> data, int rest, ref ScanState state)
    {
        if (state.EndSearchedFrom <= rest)
        {
            if (state.NextEnd < 0)
            {
                return -1;
            }

            if (state.NextEnd >= rest)
            {
                return state.NextEnd;
            }
        }

        var index = data[rest..].IndexOf(EndAfterNewline);
        state.EndSearchedFrom = rest;
        state.NextEnd = index < 0 ? -1 : rest + index;
        return state.NextEnd;
    }

    /// <summary>Decodes a PEM body; <paramref name="lastInvalid"/> is the offset of its last non-base64 byte, or -1.</summary>
    private static byte[]? DecodeBase64(ReadOnlySpan<byte> body, out int lastInvalid)
    {
        // Go removes spaces and tabs and its decoder skips CR and LF; any other byte outside the alphabet is an error.
        lastInvalid = -1;
        var chars = new char[body.Length];
        var count = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var b = body[i];
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                continue;
            }

            if (!IsBase64Character(b))
            {
                lastInvalid = i;
                continue;
            }

            chars[count++] = (char)b;
        }

        if (lastInvalid >= 0)
        {
            return null;
        }

        var buffer = new byte[(count / 4 * 3) + 3];
        return Convert.TryFromBase64Chars(chars.AsSpan(0, count), buffer, out var written) ? buffer[..written] : null;
    }

    private static bool IsBase64Character(byte b) =>
        b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'+' or (byte)'/' or (byte)'=';

    /// <summary>Records the first rejection only; the message is built lazily (hostile input can have many candidates).</summary>
    private static void Reject(ref string? firstRejection, int offset, ReadOnlySpan<byte> type, Func<string, string> reason)
    {
        if (firstRejection is null)
        {
            firstRejection = $"malformed PEM block at byte {offset}: {reason(PemInput.Shorten(Encoding.UTF8.GetString(type)))}";
        }
    }
}
