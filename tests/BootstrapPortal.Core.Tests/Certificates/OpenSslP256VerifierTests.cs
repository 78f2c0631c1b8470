using System.Security.Cryptography;
using BootstrapPortal.Core.Certificates;
using Org.BouncyCastle.Asn1.X509;

namespace BootstrapPortal.Core.Tests.Certificates;

/// <summary>
/// P-256 signatures go to OpenSSL's EC_KEY interface; its answers must be those of the platform's <see cref="ECDsa"/> (and
/// so of Go's crypto/ecdsa, see <see cref="SignatureStrictnessTests"/>) for good, changed and malformed input, and a key
/// that is not a point on P-256 must never verify.
/// </summary>
public sealed class OpenSslP256VerifierTests
{
    [Fact]
    public void IsUsedOnLinux()
    {
        // The test machines and the container image are Debian with OpenSSL 3: the fast path must not fall back unseen.
        Assert.Equal(OperatingSystem.IsLinux(), OpenSslP256Verifier.IsAvailable);
    }

    [Fact]
    public void AgreesWithThePlatformOnGoodAndChangedSignatures()
    {
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var message = new byte[random.Next(1, 600)];
            random.NextBytes(message);
            var signature = ecdsa.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
            var key = SubjectPublicKeyInfo.GetInstance(ecdsa.ExportSubjectPublicKeyInfo());
            var changed = (byte[])signature.Clone();
            changed[random.Next(changed.Length)] ^= (byte)(1 << random.Next(8));
            var otherMessage = (byte[])message.Clone();
            otherMessage[random.Next(otherMessage.Length)] ^= 0x01;

            Assert.True(OpenSslP256Verifier.TryVerify(HashAlgorithmName.SHA256, key, message, signature));
            Assert.False(OpenSslP256Verifier.TryVerify(HashAlgorithmName.SHA256, key, otherMessage, signature));
            Assert.Equal(Platform(ecdsa, message, changed), OpenSslP256Verifier.TryVerify(HashAlgorithmName.SHA256, key, message, changed));
        }
    }

    [Theory]
    [InlineData("SHA384")]
    [InlineData("SHA512")]
    [InlineData("SHA1")]
    public void OtherHashesVerify(string hashName)
    {
        var hash = new HashAlgorithmName(hashName);
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var message = "certificationRequestInfo"u8.ToArray();
        var signature = ecdsa.SignData(message, hash, DSASignatureFormat.Rfc3279DerSequence);
        var key = SubjectPublicKeyInfo.GetInstance(ecdsa.ExportSubjectPublicKeyInfo());

        Assert.True(OpenSslP256Verifier.TryVerify(hash, key, message, signature));
        Assert.False(OpenSslP256Verifier.TryVerify(HashAlgorithmName.SHA256, key, message, signature));
    }

    [Fact]
    public void ACompressedPointVerifies()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var message = "compressed"u8.ToArray();
        var signature = ecdsa.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var q = ecdsa.ExportParameters(false).Q;
        byte[] compressed = [(byte)(0x02 | (q.Y![^1] & 1)), .. q.X!];

        Assert.True(OpenSslP256Verifier.TryVerify(HashAlgorithmName.SHA256, KeyWithPoint(ecdsa, compressed), message, signature));
    }

    [Fact]
    public void ThePointAtInfinityNeverVerifies()
    {
        // With the identity as public key, u1·G + u2·Q = u1·G, so (r, s) = (x(kG), e/k) would "verify" for any k.
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var message = "infinity"u8.ToArray();
        var signature = ecdsa.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

        Assert.False(OpenSslP256Verifier.TryVerify(HashAlgorithmName.SHA256, KeyWithPoint(ecdsa, [0x00]), message, signature));
    }

    [Fact]
    public void APointOffTheCurveOrOfTheWrongLengthNeverVerifies()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var message = "off the curve"u8.ToArray();
        var signature = ecdsa.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var q = ecdsa.ExportParameters(false).Q;
        byte[] point = [0x04, .. q.X!, .. q.Y!];
        var offCurve = (byte[])point.Clone();
        offCurve[^1] ^= 0x01;

        Assert.False(OpenSslP256Verifier.TryVerify(HashAlgorithmName.SHA256, KeyWithPoint(ecdsa, offCurve), message, signature));
        Assert.False(OpenSslP256Verifier.TryVerify(HashAlgorithmName.SHA256, KeyWithPoint(ecdsa, point[..64]), message, signature));
        Assert.False(OpenSslP256Verifier.TryVerify(HashAlgorithmName.SHA256, KeyWithPoint(ecdsa, [0x05, .. point[1..]]), message, signature));
        Assert.True(OpenSslP256Verifier.TryVerify(HashAlgorithmName.SHA256, KeyWithPoint(ecdsa, point), message, signature));
    }

    [Fact]
    public void OtherCurvesAreLeftToThePlatform()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var message = "p384"u8.ToArray();
        var signature = ecdsa.SignData(message, HashAlgorithmName.SHA384, DSASignatureFormat.Rfc3279DerSequence);

        Assert.Null(OpenSslP256Verifier.TryVerify(HashAlgorithmName.SHA384, SubjectPublicKeyInfo.GetInstance(ecdsa.ExportSubjectPublicKeyInfo()), message, signature));
    }

    private static bool Platform(ECDsa ecdsa, byte[] message, byte[] signature) =>
        ecdsa.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    private static SubjectPublicKeyInfo KeyWithPoint(ECDsa ecdsa, byte[] point) =>
        new(SubjectPublicKeyInfo.GetInstance(ecdsa.ExportSubjectPublicKeyInfo()).Algorithm, point);
}
