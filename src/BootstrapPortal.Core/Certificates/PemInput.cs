using System.Globalization;

namespace BootstrapPortal.Core.Certificates;

/// <summary>Turns raw field bytes into the PEM blocks a decoder should use, applying a <see cref="PemParsing"/> mode.</summary>
internal static class PemInput
{
    public const string CertificateRequestType = "CERTIFICATE REQUEST";
    public const string CertificateType = "CERTIFICATE";

    /// <summary>The single request block, or an error. Mirrors Go's <c>ParseCSR</c> in kube-apiserver mode.</summary>
    public static PemBlock? SelectRequestBlock(ReadOnlySpan<byte> input, PemParsing parsing, List<string> warnings, out string? error)
    {
        if (IsBlank(input))
        {
            error = input.IsEmpty ? "the request is empty" : "the request contains only whitespace";
            return null;
        }

        var scan = PemReader.ReadAll(input);
        if (scan.Blocks.Count == 0)
        {
            error = NoBlockReason(input, scan, CertificateRequestType);
            return null;
        }

        var first = scan.Blocks[0];
        if (first.Type != CertificateRequestType)
        {
            error = $"PEM block type must be CERTIFICATE REQUEST, found \"{Shorten(first.Type)}\"";
            return null;
        }

        if (parsing == PemParsing.Strict)
        {
            if (scan.Blocks.Count > 1)
            {
                var types = string.Join(", ", scan.Blocks.Take(5).Select(b => $"\"{Shorten(b.Type)}\""));
                error = $"expected exactly one PEM block, found {scan.Blocks.Count} ({types}" +
                        (scan.Blocks.Count > 5 ? ", …" : "") + "); kube-apiserver would use only the first";
                return null;
            }

            if (first.Headers.Count > 0)
            {
                error = "PEM headers are not allowed (found " +
                        string.Join(", ", first.Headers.Keys.Take(5).Select(k => $"\"{Shorten(k)}\"")) + ")";
                return null;
            }

            error = StrayDataError(input, scan);
            return error is null ? first : null;
        }

        ReportIgnored(input, scan.Blocks.Take(1).ToList(), warnings);
        if (scan.Blocks.Count > 1)
        {
            warnings.Add($"{scan.Blocks.Count - 1} further PEM block(s) after the request are ignored");
        }

        error = null;
        return first;
    }

    /// <summary>
    /// The certificate blocks of a chain, or an error. In kube-apiserver mode this is <c>validateCertificate</c>:
    /// every block must be a header-less CERTIFICATE, at least one block, text between blocks ignored.
    /// </summary>
    public static IReadOnlyList<PemBlock>? SelectCertificateBlocks(ReadOnlySpan<byte> input, PemParsing parsing, List<string> warnings, out string? error)
    {
        if (IsBlank(input))
        {
            error = input.IsEmpty ? "the certificate data is empty" : "the certificate data contains only whitespace";
            return null;
        }

        var scan = PemReader.ReadAll(input);
        if (scan.Blocks.Count == 0)
        {
            error = NoBlockReason(input, scan, CertificateType);
            return null;
        }

        foreach (var block in scan.Blocks)
        {
            if (block.Type != CertificateType)
            {
                error = $"only CERTIFICATE PEM blocks are allowed, found \"{Shorten(block.Type)}\"";
                return null;
            }

            if (block.Headers.Count > 0)
            {
                error = "no PEM block headers are permitted";
                return null;
            }
        }

        if (parsing == PemParsing.Strict)
        {
            error = StrayDataError(input, scan);
            return error is null ? scan.Blocks : null;
        }

        ReportIgnored(input, scan.Blocks, warnings);
        error = null;
        return scan.Blocks;
    }

    private static string NoBlockReason(ReadOnlySpan<byte> input, PemScanResult scan, string expectedType)
    {
        if (scan.FirstRejection is not null)
        {
            return scan.FirstRejection;
        }

        if (input[0] == 0x30)
        {
            return $"no PEM block found: the data looks like binary DER; a PEM \"{expectedType}\" block is required";
        }

        return $"no PEM block found: expected \"-----BEGIN {expectedType}-----\" at the start of a line";
    }

    /// <summary>Strict mode: the first non-whitespace byte outside the blocks, described precisely.</summary>
    private static string? StrayDataError(ReadOnlySpan<byte> input, PemScanResult scan)
    {
        var position = 0;
        for (var index = 0; index <= scan.Blocks.Count; index++)
        {
            var end = index < scan.Blocks.Count ? scan.Blocks[index].Start : input.Length;
            var stray = FirstNonWhitespace(input, position, end);
            if (stray >= 0)
            {
                if (scan.FirstRejection is not null)
                {
                    return scan.FirstRejection;
                }

                var where = index == 0 ? "before the first PEM block"
                    : index == scan.Blocks.Count ? "after the last PEM block"
                    : "between PEM blocks";
                return string.Create(CultureInfo.InvariantCulture,
                    $"unexpected data {where} at byte {stray}; only whitespace may surround PEM blocks");
            }

            if (index < scan.Blocks.Count)
            {
                position = scan.Blocks[index].End;
            }
        }

        return null;
    }

    private static void ReportIgnored(ReadOnlySpan<byte> input, IReadOnlyList<PemBlock> used, List<string> warnings)
    {
        var position = 0;
        for (var index = 0; index <= used.Count; index++)
        {
            var end = index < used.Count ? used[index].Start : input.Length;
            var stray = FirstNonWhitespace(input, position, end);
            if (stray >= 0 && index < used.Count)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"data at byte {stray} outside any PEM block is ignored"));
            }
            else if (stray >= 0)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"data after the PEM block(s), from byte {stray}, is ignored"));
            }

            if (index < used.Count)
            {
                position = used[index].End;
            }
        }
    }

    /// <summary>Input text quoted in an error, cut to a readable length.</summary>
    internal static string Shorten(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "…");

    private static int FirstNonWhitespace(ReadOnlySpan<byte> input, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (input[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsBlank(ReadOnlySpan<byte> input) => FirstNonWhitespace(input, 0, input.Length) < 0;
}
