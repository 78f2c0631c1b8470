using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BootstrapPortal.Core.Certificates;
using Org.BouncyCastle.Asn1;

namespace BootstrapPortal.Core.Tests.Certificates;

/// <summary>
/// Signatures are verified with the platform's ECDSA and RSA where it can; the results must stay those of Go's
/// crypto/ecdsa and crypto/rsa (k/k uses them through crypto/x509.CertificateRequest.CheckSignature): a correct signature
/// verifies, a changed byte in the signed part or the signature does not, and an ECDSA signature that is not one minimal
/// DER SEQUENCE of two INTEGERs (Go's <c>VerifyASN1</c> parses it with cryptobyte) does not either.
/// </summary>
public sealed class SignatureStrictnessTests
{
    public static TheoryData<string> Kinds => ["p256", "p384", "p521", "rsa2048", "rsa2048-pss"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Fresh_Verifies(string kind) => Assert.True(Decode(Create(kind)).SignatureValid);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ChangedSignedByte_DoesNotVerify(string kind)
    {
        var der = Create(kind);
        var (info, _, _) = Parts(der);
        // Flip a bit inside the subject's CN value, a byte that stays well-formed DER.
        var at = IndexOf(der, "kind-"u8.ToArray(), info.Offset);
        der[at] ^= 0x01;

        var decoded = Decode(der);
        Assert.False(decoded.SignatureValid);
        Assert.Equal("the signature does not verify with the public key", decoded.SignatureError);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ChangedSignatureByte_DoesNotVerify(string kind)
    {
        var der = Create(kind);
        var (_, _, signature) = Parts(der);
        der[signature.Offset + signature.Length - 3] ^= 0x40;

        Assert.False(Decode(der).SignatureValid);
    }

    [Fact]
    public void EcdsaSignatureWithNonMinimalInteger_DoesNotVerify()
    {
        var der = Create("p256");
        var decoded = Decode(Resign(der, seq => [0x30, .. Length(seq.Length + 1), .. InsertLeadingZero(seq)]));
        Assert.False(decoded.SignatureValid);
    }

    [Fact]
    public void EcdsaSignatureWithTrailingBytes_DoesNotVerify()
    {
        var der = Create("p256");
        var decoded = Decode(Resign(der, seq => [0x30, .. Length(seq.Length), .. seq, 0x00, 0x00]));
        Assert.False(decoded.SignatureValid);
    }

    private static DecodedCertificateRequest Decode(byte[] der)
    {
        var result = CertificateRequestDecoder.Decode(System.Text.Encoding.ASCII.GetBytes(PemEncoding.WriteString("CERTIFICATE REQUEST", der)));
        Assert.True(result.IsSuccess, result.Error);
        return result.Value;
    }

    private static byte[] Create(string kind)
    {
        var name = "CN=kind-" + kind;
        switch (kind)
        {
            case "rsa2048":
            case "rsa2048-pss":
                using (var rsa = RSA.Create(2048))
                {
                    var padding = kind == "rsa2048" ? RSASignaturePadding.Pkcs1 : RSASignaturePadding.Pss;
                    return new CertificateRequest(name, rsa, HashAlgorithmName.SHA256, padding).CreateSigningRequest();
                }

            default:
                var (curve, hash) = kind switch
                {
                    "p384" => (ECCurve.NamedCurves.nistP384, HashAlgorithmName.SHA384),
                    "p521" => (ECCurve.NamedCurves.nistP521, HashAlgorithmName.SHA512),
                    _ => (ECCurve.NamedCurves.nistP256, HashAlgorithmName.SHA256),
                };
                using (var ec = ECDsa.Create(curve))
                {
                    return new CertificateRequest(name, ec, hash).CreateSigningRequest();
                }
        }
    }

    /// <summary>Offsets of certificationRequestInfo, the algorithm and the signature BIT STRING's content in the DER.</summary>
    private static ((int Offset, int Length) Info, (int Offset, int Length) Algorithm, (int Offset, int Length) Signature) Parts(byte[] der)
    {
        var sequence = (Asn1Sequence)Asn1Object.FromByteArray(der);
        var info = sequence[0].GetDerEncoded();
        var algorithm = sequence[1].GetDerEncoded();
        var signature = sequence[2].GetDerEncoded();
        var infoAt = IndexOf(der, info, 0);
        var algorithmAt = IndexOf(der, algorithm, infoAt + info.Length);
        var signatureAt = IndexOf(der, signature, algorithmAt + algorithm.Length);
        return ((infoAt, info.Length), (algorithmAt, algorithm.Length), (signatureAt, signature.Length));
    }

    /// <summary>The request with its ECDSA signature SEQUENCE rewritten by <paramref name="rewrite"/> (given the SEQUENCE's content).</summary>
    private static byte[] Resign(byte[] der, Func<byte[], byte[]> rewrite)
    {
        var sequence = (Asn1Sequence)Asn1Object.FromByteArray(der);
        var ecdsa = (Asn1Sequence)Asn1Object.FromByteArray(DerBitString.GetInstance(sequence[2]).GetOctets());
        var content = ecdsa.GetDerEncoded()[2..];
        Assert.True(ecdsa.GetDerEncoded()[1] < 0x80);
        var rewritten = rewrite(content);
        var outer = new DerSequence(sequence[0], sequence[1], new DerBitString(rewritten));
        return outer.GetDerEncoded();
    }

    private static byte[] InsertLeadingZero(byte[] sequenceContent)
    {
        // sequenceContent = 02 len r 02 len s; make r one byte longer with a needless leading 0x00.
        var rLength = sequenceContent[1];
        return [0x02, (byte)(rLength + 1), 0x00, .. sequenceContent[2..]];
    }

    private static byte[] Length(int length) => length < 0x80 ? [(byte)length] : [0x81, (byte)length];

    private static int IndexOf(byte[] haystack, byte[] needle, int from)
    {
        var at = haystack.AsSpan(from).IndexOf(needle);
        Assert.True(at >= 0);
        return from + at;
    }
}
