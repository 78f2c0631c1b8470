using System.Text;
using BootstrapPortal.Core.Certificates;

namespace BootstrapPortal.Core.Tests.Certificates;

/// <summary>The PEM armour rules: strict mode (the default) and kube-apiserver mode (Go's pem.Decode semantics).</summary>
public sealed class PemRulesTests
{
    private static readonly string Csr = Encoding.ASCII.GetString(Vectors.Bytes("node.csr"));
    private static readonly string Crt = Encoding.ASCII.GetString(Vectors.Bytes("node.crt"));
    private static readonly string Ca = Encoding.ASCII.GetString(Vectors.Bytes("ca.crt"));

    private static DecodeResult<DecodedCertificateRequest> Request(string text, PemParsing parsing = PemParsing.Strict) =>
        CertificateRequestDecoder.Decode(Encoding.UTF8.GetBytes(text), parsing);

    private static DecodeResult<DecodedCertificateChain> Chain(string text, PemParsing parsing = PemParsing.Strict) =>
        CertificateDecoder.Decode(Encoding.UTF8.GetBytes(text), parsing);

    [Theory]
    [InlineData("", "the request is empty")]
    [InlineData(" \r\n\t", "the request contains only whitespace")]
    [InlineData("hello", "no PEM block found: expected \"-----BEGIN CERTIFICATE REQUEST-----\" at the start of a line")]
    public void Request_WithoutPem_IsAnError(string input, string expected)
    {
        foreach (var parsing in new[] { PemParsing.Strict, PemParsing.KubeApiServer })
        {
            var result = Request(input, parsing);
            Assert.False(result.IsSuccess);
            Assert.Equal(expected, result.Error);
        }
    }

    [Fact]
    public void Request_NullBytes_IsAnError()
    {
        var result = CertificateRequestDecoder.Decode((byte[]?)null);
        Assert.False(result.IsSuccess);
        Assert.Equal("the request is missing", result.Error);
    }

    [Fact]
    public void Request_AsDerWithoutPem_IsAnErrorNamingDer()
    {
        var der = Convert.FromBase64String(string.Concat(Csr.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal))));
        Assert.Equal(0x30, der[0]);

        var result = CertificateRequestDecoder.Decode(der);

        Assert.False(result.IsSuccess);
        Assert.Contains("looks like binary DER", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PemParsing.Strict)]
    [InlineData(PemParsing.KubeApiServer)]
    public void Request_WithCertificateLabel_IsAnErrorLikeKubeApiServer(PemParsing parsing)
    {
        var relabelled = Csr.Replace("CERTIFICATE REQUEST", "CERTIFICATE", StringComparison.Ordinal);

        var result = Request(relabelled, parsing);

        Assert.False(result.IsSuccess);
        Assert.Equal("PEM block type must be CERTIFICATE REQUEST, found \"CERTIFICATE\"", result.Error);
    }

    [Fact]
    public void Request_WithNewCertificateRequestLabel_IsAnError()
    {
        var result = Request(Csr.Replace("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST", StringComparison.Ordinal));

        Assert.False(result.IsSuccess);
        Assert.Equal("PEM block type must be CERTIFICATE REQUEST, found \"NEW CERTIFICATE REQUEST\"", result.Error);
    }

    [Fact]
    public void Request_TwoBlocks_StrictIsAnError_KubeApiServerUsesTheFirst()
    {
        var input = Csr + Csr;

        var strict = Request(input);
        var lenient = Request(input, PemParsing.KubeApiServer);

        Assert.False(strict.IsSuccess);
        Assert.Equal("expected exactly one PEM block, found 2 (\"CERTIFICATE REQUEST\", \"CERTIFICATE REQUEST\"); kube-apiserver would use only the first",
            strict.Error);
        Assert.True(lenient.IsSuccess, lenient.Error);
        Assert.Contains(lenient.Warnings, w => w.Contains("1 further PEM block(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void Request_FollowedByCertificate_StrictIsAnError()
    {
        var result = Request(Csr + Crt);

        Assert.False(result.IsSuccess);
        Assert.StartsWith("expected exactly one PEM block, found 2", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Request_WithTrailingJunk_StrictIsAnError_KubeApiServerIgnoresIt()
    {
        var input = Csr + "trailing junk\n";

        var strict = Request(input);
        var lenient = Request(input, PemParsing.KubeApiServer);

        Assert.False(strict.IsSuccess);
        Assert.Equal($"unexpected data after the last PEM block at byte {Csr.Length}; only whitespace may surround PEM blocks", strict.Error);
        Assert.True(lenient.IsSuccess, lenient.Error);
        Assert.Equal([$"data after the PEM block(s), from byte {Csr.Length}, is ignored"], lenient.Warnings);
    }

    [Fact]
    public void Request_WithLeadingText_StrictIsAnError_KubeApiServerIgnoresIt()
    {
        var input = "Subject: worker-1\n" + Csr;

        var strict = Request(input);
        var lenient = Request(input, PemParsing.KubeApiServer);

        Assert.False(strict.IsSuccess);
        Assert.Equal("unexpected data before the first PEM block at byte 0; only whitespace may surround PEM blocks", strict.Error);
        Assert.True(lenient.IsSuccess, lenient.Error);
        Assert.Equal(["data at byte 0 outside any PEM block is ignored"], lenient.Warnings);
    }

    [Fact]
    public void Request_WithCrLfLineEndingsAndSurroundingWhitespace_IsAccepted()
    {
        var result = Request("\r\n  \n" + Csr.Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n\r\n");

        Assert.True(result.IsSuccess, result.Error);
        Assert.Empty(result.Warnings);
        Assert.True(result.Value.SignatureValid);
    }

    [Fact]
    public void Request_WithPemHeaders_StrictIsAnError_KubeApiServerAcceptsIt()
    {
        var input = Csr.Replace("-----\n", "-----\nComment: hello\n\n", StringComparison.Ordinal);
        input = input.Replace("-----END CERTIFICATE REQUEST-----\nComment: hello\n\n", "-----END CERTIFICATE REQUEST-----\n", StringComparison.Ordinal);

        var strict = Request(input);
        var lenient = Request(input, PemParsing.KubeApiServer);

        Assert.False(strict.IsSuccess);
        Assert.Equal("PEM headers are not allowed (found \"Comment\")", strict.Error);
        Assert.True(lenient.IsSuccess, lenient.Error);
    }

    [Fact]
    public void Request_WithInvalidBase64_IsAnErrorWithThePemReason()
    {
        var lines = Csr.Split('\n');
        lines[2] = "!!!!" + lines[2][4..];

        var result = Request(string.Join('\n', lines));

        Assert.False(result.IsSuccess);
        Assert.Equal("malformed PEM block at byte 0: the body of the \"CERTIFICATE REQUEST\" block is not valid base64", result.Error);
    }

    [Fact]
    public void Request_WithoutEndLine_IsAnError()
    {
        var result = Request(Csr[..Csr.IndexOf("-----END", StringComparison.Ordinal)]);

        Assert.False(result.IsSuccess);
        Assert.Equal("malformed PEM block at byte 0: the \"CERTIFICATE REQUEST\" block has no END line", result.Error);
    }

    [Fact]
    public void Request_WithMismatchedEndLine_IsAnError()
    {
        var result = Request(Csr.Replace("-----END CERTIFICATE REQUEST-----", "-----END CERTIFICATE-----", StringComparison.Ordinal));

        Assert.False(result.IsSuccess);
        Assert.Equal("malformed PEM block at byte 0: the END line does not match \"-----END CERTIFICATE REQUEST-----\"", result.Error);
    }

    [Fact]
    public void Request_BeginNotAtLineStart_IsNotAPemBlock()
    {
        var result = Request("x" + Csr);

        Assert.False(result.IsSuccess);
        Assert.StartsWith("no PEM block found", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Request_WithBrokenSignature_DecodesButIsNotValid()
    {
        var der = Convert.FromBase64String(string.Concat(Csr.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal))));
        der[^5] ^= 0x01;
        var pem = "-----BEGIN CERTIFICATE REQUEST-----\n" + Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks) +
                  "\n-----END CERTIFICATE REQUEST-----\n";

        var result = Request(pem);

        Assert.True(result.IsSuccess, result.Error);
        Assert.False(result.Value.SignatureValid);
        Assert.NotNull(result.Value.SignatureError);
        Assert.Equal("system:node:worker-1", result.Value.CommonName);
    }

    [Fact]
    public void Request_WithTrailingBytesInsideTheBlock_IsAnError()
    {
        var der = Convert.FromBase64String(string.Concat(Csr.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal))));
        var padded = der.Concat(new byte[] { 0x05, 0x00 }).ToArray();
        var pem = "-----BEGIN CERTIFICATE REQUEST-----\n" + Convert.ToBase64String(padded) + "\n-----END CERTIFICATE REQUEST-----\n";

        var result = Request(pem);

        Assert.False(result.IsSuccess);
        Assert.Equal("the CERTIFICATE REQUEST block is not valid DER: 2 bytes of trailing data after the ASN.1 structure", result.Error);
    }

    [Fact]
    public void ManyBeginLinesSharingOneEndLine_AreRejected()
    {
        // Hostile shape that makes a naive port of Go's scanner quadratic (Go itself fixed this in 1.25.2).
        var input = string.Concat(Enumerable.Repeat("-----BEGIN CERTIFICATE REQUEST-----\n", 50_000)) + "-----END CERTIFICATE REQUEST-----\n";

        var result = Request(input, PemParsing.KubeApiServer);

        // Like Go: every candidate but the last has BEGIN lines in its body; the last one is an empty (valid) PEM
        // block, whose empty content is not a request.
        Assert.False(result.IsSuccess);
        Assert.Equal("the CERTIFICATE REQUEST block is empty", result.Error);
    }

    [Fact]
    public void ManyBeginLinesWithoutEndLine_AreRejected()
    {
        var input = string.Concat(Enumerable.Repeat("-----BEGIN X-----\nAAAA\n", 50_000));

        var result = Request(input, PemParsing.KubeApiServer);

        Assert.False(result.IsSuccess);
        Assert.Equal("malformed PEM block at byte 0: the \"X\" block has no END line", result.Error);
    }

    [Fact]
    public void ManyMismatchedBeginLinesBeforeARealRequest_KubeApiServerStillFindsIt()
    {
        var input = string.Concat(Enumerable.Repeat("-----BEGIN A-----\n", 50_000)) + Csr;

        var lenient = Request(input, PemParsing.KubeApiServer);
        var strict = Request(input);

        Assert.True(lenient.IsSuccess, lenient.Error);
        Assert.Equal("system:node:worker-1", lenient.Value.CommonName);
        Assert.Equal(["data at byte 0 outside any PEM block is ignored"], lenient.Warnings);
        Assert.False(strict.IsSuccess);
        Assert.Equal("malformed PEM block at byte 0: the END line does not match \"-----END A-----\"", strict.Error);
    }

    [Fact]
    public void Chain_OfTwoCertificates_DecodesBothInOrder()
    {
        var result = Chain(Crt + Ca);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(2, result.Value.Count);
        Assert.Equal("system:node:worker-1", result.Value.Leaf.CommonName);
        Assert.Equal("kubernetes", result.Value.Certificates[1].CommonName);
    }

    [Fact]
    public void Chain_WithARequestBlock_IsAnErrorLikeKubeApiServer()
    {
        foreach (var parsing in new[] { PemParsing.Strict, PemParsing.KubeApiServer })
        {
            var result = Chain(Crt + Csr, parsing);
            Assert.False(result.IsSuccess);
            Assert.Equal("only CERTIFICATE PEM blocks are allowed, found \"CERTIFICATE REQUEST\"", result.Error);
        }
    }

    [Fact]
    public void Chain_WithHeaders_IsAnErrorLikeKubeApiServer()
    {
        var result = Chain(Crt.Replace("-----BEGIN CERTIFICATE-----\n", "-----BEGIN CERTIFICATE-----\nProc-Type: 4,ENCRYPTED\n\n", StringComparison.Ordinal),
            PemParsing.KubeApiServer);

        Assert.False(result.IsSuccess);
        Assert.Equal("no PEM block headers are permitted", result.Error);
    }

    [Fact]
    public void Chain_WithTextBetweenBlocks_StrictIsAnError_KubeApiServerIgnoresIt()
    {
        var input = Crt + "issuer: kubernetes\n" + Ca;

        var strict = Chain(input);
        var lenient = Chain(input, PemParsing.KubeApiServer);

        Assert.False(strict.IsSuccess);
        Assert.Equal($"unexpected data between PEM blocks at byte {Crt.Length}; only whitespace may surround PEM blocks", strict.Error);
        Assert.True(lenient.IsSuccess, lenient.Error);
        Assert.Equal(2, lenient.Value.Count);
        Assert.Single(lenient.Warnings);
    }

    [Fact]
    public void Chain_WithTwoCertificatesInOneBlock_DecodesBothLikeGo()
    {
        static byte[] Der(string pem) => Convert.FromBase64String(string.Concat(pem.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal))));
        var both = Der(Crt).Concat(Der(Ca)).ToArray();
        var pem = "-----BEGIN CERTIFICATE-----\n" + Convert.ToBase64String(both) + "\n-----END CERTIFICATE-----\n";

        var result = Chain(pem);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(2, result.Value.Count);
    }

    [Fact]
    public void Chain_Empty_IsAnError()
    {
        Assert.Equal("the certificate data is empty", Chain("").Error);
        Assert.Equal("the certificate data is missing", CertificateDecoder.Decode((byte[]?)null).Error);
    }
}
