using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using BootstrapPortal.Core.Certificates;

namespace BootstrapPortal.Core.Tests.Certificates;

/// <summary>
/// Deterministic malformed-input generation: no input may make a decoder throw, every result is either an error
/// with a reason or a decode, and mutations with a known outcome must produce that outcome.
/// </summary>
public sealed class FuzzTests
{
    private const int Seed = 20261130;
    private const int Iterations = 5000;

    private static readonly string[] Labels =
    [
        "CERTIFICATE", "NEW CERTIFICATE REQUEST", "PRIVATE KEY", "EC PRIVATE KEY", "PUBLIC KEY", "X509 CRL",
        "certificate request", "CERTIFICATE  REQUEST", "CERTIFICATE REQUEST", "",
    ];

    private static readonly byte[] RequestDer = Der(Vectors.Bytes("node.csr"));
    private static readonly byte[] CertificateDer = Der(Vectors.Bytes("node.crt"));

    [Fact]
    public void ThousandsOfMalformedInputs_NeverThrow_AndAlwaysExplainFailures()
    {
        var random = new Random(Seed);
        var outcomes = new Dictionary<string, (int Errors, int Decoded)>();

        for (var i = 0; i < Iterations; i++)
        {
            var kind = i % 10;
            var (name, input, expectation) = Mutate(kind, random, RequestDer, "CERTIFICATE REQUEST");

            var strict = CertificateRequestDecoder.Decode(input);
            var lenient = CertificateRequestDecoder.Decode(input, PemParsing.KubeApiServer);
            var chain = CertificateDecoder.Decode(input, PemParsing.KubeApiServer);

            AssertWellFormed(strict, name, i);
            AssertWellFormed(lenient, name, i);
            AssertWellFormed(chain, name, i);

            switch (expectation)
            {
                case Expectation.Error:
                    Assert.False(strict.IsSuccess, $"#{i} {name}: expected an error");
                    Assert.False(lenient.IsSuccess, $"#{i} {name}: expected an error (kube-apiserver mode)");
                    break;
                case Expectation.StrictErrorLenientValid:
                    Assert.False(strict.IsSuccess, $"#{i} {name}: strict mode must reject");
                    Assert.True(lenient.IsSuccess, $"#{i} {name}: kube-apiserver mode must accept: {lenient.Error}");
                    Assert.True(lenient.Value.SignatureValid);
                    Assert.NotEmpty(lenient.Warnings);
                    break;
                case Expectation.NoValidSignature:
                    // A changed byte either breaks the parse or the signature; it can never yield a valid request.
                    Assert.False(strict.IsSuccess && strict.Value.SignatureValid, $"#{i} {name}: mutated request still verifies");
                    break;
            }

            var counts = outcomes.GetValueOrDefault(name);
            outcomes[name] = strict.IsSuccess ? (counts.Errors, counts.Decoded + 1) : (counts.Errors + 1, counts.Decoded);
        }

        // Every family was exercised, and the families that must fail did.
        Assert.Equal(10, outcomes.Count);
        Assert.All(outcomes.Where(o => o.Key != "bit-flip" && o.Key != "valid-with-junk"), o => Assert.Equal(0, o.Value.Decoded));
    }

    [Fact]
    public void ThousandsOfMalformedCertificates_NeverThrow_AndNeverChainToTheCa()
    {
        var random = new Random(Seed + 1);
        var ca = Vectors.Bytes("ca.crt");
        var outcomes = new Dictionary<string, (int Errors, int Decoded)>();

        for (var i = 0; i < Iterations; i++)
        {
            var (name, input, expectation) = Mutate(i % 10, random, CertificateDer, "CERTIFICATE");

            var strict = CertificateDecoder.Decode(input);
            var lenient = CertificateDecoder.Decode(input, PemParsing.KubeApiServer);

            AssertWellFormed(strict, name, i);
            AssertWellFormed(lenient, name, i);
            switch (expectation)
            {
                case Expectation.Error:
                    Assert.False(strict.IsSuccess, $"#{i} {name}: expected an error");
                    Assert.False(lenient.IsSuccess, $"#{i} {name}: expected an error (kube-apiserver mode)");
                    break;
                case Expectation.StrictErrorLenientValid:
                    Assert.False(strict.IsSuccess, $"#{i} {name}: strict mode must reject");
                    Assert.True(lenient.IsSuccess, $"#{i} {name}: kube-apiserver mode must accept: {lenient.Error}");
                    Assert.True(lenient.Value.Leaf.ChainsTo(ca).Value!.ChainsTo);
                    break;
                case Expectation.NoValidSignature when strict.IsSuccess:
                    // The certificate has no self-signature, so a changed byte may still decode, but it can no
                    // longer carry the CA's valid signature.
                    var check = strict.Value.Leaf.ChainsTo(ca);
                    AssertWellFormed(check, name, i);
                    Assert.False(check.IsSuccess && check.Value.SignatureValid, $"#{i} {name}: mutated certificate still verifies");
                    break;
            }

            var counts = outcomes.GetValueOrDefault(name);
            outcomes[name] = strict.IsSuccess ? (counts.Errors, counts.Decoded + 1) : (counts.Errors + 1, counts.Decoded);
        }

        Assert.Equal(10, outcomes.Count);
        Assert.All(outcomes.Where(o => o.Key != "bit-flip" && o.Key != "valid-with-junk"), o => Assert.Equal(0, o.Value.Decoded));
    }

    [Fact]
    public void DeeplyNestedDer_IsAnErrorNotAStackOverflow()
    {
        var nested = Nested(200_000);
        var pem = Pem("CERTIFICATE REQUEST", nested);

        var request = CertificateRequestDecoder.Decode(pem);
        var chain = CertificateDecoder.Decode(Pem("CERTIFICATE", nested));

        Assert.False(request.IsSuccess);
        Assert.Contains($"nesting deeper than {DerGuardDepth} levels", request.Error, StringComparison.Ordinal);
        Assert.False(chain.IsSuccess);
    }

    [Fact]
    public void DeeplyNestedSanExtension_IsAnError()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=nested", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509Extension("2.5.29.17", Nested(5_000), critical: false));

        var result = CertificateRequestDecoder.Decode(Encoding.ASCII.GetBytes(request.CreateSigningRequestPem()));

        Assert.False(result.IsSuccess);
        Assert.Contains("nesting deeper than", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedKeyUsageInARequest_IsShownNotFatal_LikeGoWhichIgnoresIt()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=odd", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509Extension("2.5.29.15", [0x04, 0x01, 0x00], critical: true));

        var result = CertificateRequestDecoder.Decode(Encoding.ASCII.GetBytes(request.CreateSigningRequestPem()));

        Assert.True(result.IsSuccess, result.Error);
        Assert.True(result.Value.SignatureValid);
        Assert.StartsWith("(malformed:", result.Value.Extensions.Single().Value, StringComparison.Ordinal);
    }

    [Fact]
    public void SanWithBadIpLength_IsAnErrorLikeGo()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=odd", key, HashAlgorithmName.SHA256);
        // GeneralNames { [7] 01 02 03 } — a 3-byte IP address.
        request.CertificateExtensions.Add(new X509Extension("2.5.29.17", [0x30, 0x05, 0x87, 0x03, 0x01, 0x02, 0x03], critical: false));

        var result = CertificateRequestDecoder.Decode(Encoding.ASCII.GetBytes(request.CreateSigningRequestPem()));

        Assert.False(result.IsSuccess);
        Assert.Equal("invalid subject alternative name extension: cannot parse IP address of length 3", result.Error);
    }

    private const int DerGuardDepth = 48;

    private enum Expectation
    {
        Any,
        Error,
        StrictErrorLenientValid,
        NoValidSignature,
    }

    private static void AssertWellFormed<T>(DecodeResult<T> result, string name, int index)
        where T : class
    {
        Assert.True(result.IsSuccess != (result.Error is not null), $"#{index} {name}: result must be a value or an error");
        if (!result.IsSuccess)
        {
            Assert.False(string.IsNullOrWhiteSpace(result.Error), $"#{index} {name}: empty error");
        }
    }

    private static (string Name, byte[] Input, Expectation Expectation) Mutate(int kind, Random random, byte[] baseDer, string label)
    {
        switch (kind)
        {
            case 0:
                {
                    var length = random.Next(0, baseDer.Length);
                    return ("truncated", Pem(label, baseDer[..length]), Expectation.Error);
                }

            case 1:
                {
                    var der = (byte[])baseDer.Clone();
                    var flips = random.Next(1, 9);
                    for (var f = 0; f < flips; f++)
                    {
                        der[random.Next(der.Length)] ^= (byte)(1 << random.Next(8));
                    }

                    var changed = !der.AsSpan().SequenceEqual(baseDer);
                    return ("bit-flip", Pem(label, der), changed ? Expectation.NoValidSignature : Expectation.Any);
                }

            case 2:
                {
                    var bytes = new byte[random.Next(0, 600)];
                    random.NextBytes(bytes);
                    return ("random-der-in-pem", Pem(label, bytes), Expectation.Error);
                }

            case 3:
                {
                    var bytes = new byte[random.Next(1, 2000)];
                    random.NextBytes(bytes);
                    return ("random-bytes", bytes, Expectation.Error);
                }

            case 4:
                {
                    string[] blanks = ["", " ", "\n", "\r\n\t ", $"-----BEGIN {label}-----\n-----END {label}-----\n", "-----BEGIN -----\n-----END -----"];
                    return ("empty", Encoding.ASCII.GetBytes(blanks[random.Next(blanks.Length)]), Expectation.Error);
                }

            case 5:
                {
                    // A huge or overlong length somewhere in the structure.
                    var der = (byte[])baseDer.Clone();
                    var at = random.Next(1, Math.Min(40, der.Length - 5));
                    byte[] huge = random.Next(3) switch
                    {
                        0 => [0x84, 0xFF, 0xFF, 0xFF, 0xFF],
                        1 => [0x84, 0x7F, 0xFF, 0xFF, 0xFF],
                        _ => [0x88, 0x01, 0x00, 0x00, 0x00],
                    };
                    var mutated = der[..at].Concat(huge).Concat(der[(at + 1)..]).ToArray();
                    return ("huge-length", Pem(label, mutated), Expectation.Error);
                }

            case 6:
                {
                    var depth = random.Next(DerGuardDepth + 1, 5000);
                    var nested = random.Next(2) == 0 ? Nested(depth) : Indefinite(depth);
                    return ("nested-garbage", Pem(label, nested), Expectation.Error);
                }

            case 7:
                {
                    var wrong = Labels.Where(l => l != label).ToArray();
                    var der = random.Next(2) == 0 ? RequestDer : CertificateDer;
                    return ("wrong-label", Pem(wrong[random.Next(wrong.Length)], der), Expectation.Error);
                }

            case 8:
                {
                    var junk = new byte[random.Next(1, 200)];
                    random.NextBytes(junk);
                    junk[0] = (byte)'X';
                    // After the END line's newline, so Go's pem.Decode still finds the block; never a second BEGIN.
                    var text = Pem(label, baseDer).Concat(junk.Select(b => b == (byte)'-' ? (byte)'+' : b)).ToArray();
                    return ("valid-with-junk", text, Expectation.StrictErrorLenientValid);
                }

            default:
                {
                    // Damage the PEM text itself: a stray character in the base64 body or a removed line.
                    var pem = Encoding.ASCII.GetString(Pem(label, baseDer)).Split('\n').ToList();
                    if (random.Next(2) == 0)
                    {
                        var line = random.Next(1, pem.Count - 2);
                        var position = random.Next(pem[line].Length);
                        pem[line] = pem[line][..position] + "!@#%^&*"[random.Next(7)] + pem[line][position..];
                    }
                    else
                    {
                        pem.RemoveAt(random.Next(1, pem.Count - 2));
                    }

                    return ("damaged-pem-text", Encoding.ASCII.GetBytes(string.Join('\n', pem)), Expectation.Error);
                }
        }
    }

    private static byte[] Der(byte[] pem) =>
        Convert.FromBase64String(string.Concat(Encoding.ASCII.GetString(pem).Split('\n')
            .Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal))));

    private static byte[] Pem(string label, byte[] der) =>
        Encoding.ASCII.GetBytes($"-----BEGIN {label}-----\n{Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks).Replace("\r\n", "\n", StringComparison.Ordinal)}\n-----END {label}-----\n");

    /// <summary><paramref name="depth"/> nested SEQUENCEs with correct definite lengths.</summary>
    private static byte[] Nested(int depth)
    {
        // Built from the inside out into a right-aligned buffer (headers are at most 5 bytes each).
        var buffer = new byte[(depth * 5) + 2];
        var start = buffer.Length - 2;
        buffer[start] = 0x05;
        buffer[start + 1] = 0x00;
        for (var i = 0; i < depth; i++)
        {
            var length = buffer.Length - start;
            byte[] header = length < 0x80 ? [0x30, (byte)length]
                : length < 0x100 ? [0x30, 0x81, (byte)length]
                : length < 0x10000 ? [0x30, 0x82, (byte)(length >> 8), (byte)length]
                : [0x30, 0x83, (byte)(length >> 16), (byte)(length >> 8), (byte)length];
            start -= header.Length;
            header.CopyTo(buffer, start);
        }

        return buffer[start..];
    }

    /// <summary>Nested BER indefinite-length SEQUENCEs (30 80 … 00 00).</summary>
    private static byte[] Indefinite(int depth) =>
        [.. Enumerable.Repeat(new byte[] { 0x30, 0x80 }, depth).SelectMany(b => b), .. new byte[depth * 2]];
}
