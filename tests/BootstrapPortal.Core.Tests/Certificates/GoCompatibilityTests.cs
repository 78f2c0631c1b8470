using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using BootstrapPortal.Core.Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace BootstrapPortal.Core.Tests.Certificates;

/// <summary>
/// Where OpenSSL and Go (kube-apiserver) disagree, the decoder follows Go: strict DER, and signatures Go would not
/// verify are reported as not valid with the reason.
/// </summary>
public sealed class GoCompatibilityTests
{
    [Theory]
    [InlineData("secp256k1", "the elliptic curve secp256k1 is not supported by Go's crypto/x509")]
    [InlineData("rsa512", "512-bit RSA keys are rejected by Go's crypto/rsa")]
    public void KeysGoCannotUse_DecodeButDoNotVerify(string kind, string reason)
    {
        using var temp = new TempDirectory();
        var csrPath = temp.File(kind + ".csr");
        string[] keyArguments = kind == "rsa512"
            ? ["-newkey", "rsa:512"]
            : ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:secp256k1"];
        OpenSsl.Ok(temp.Path, ["req", "-new", .. keyArguments, "-nodes", "-keyout", temp.File(kind + ".key"), "-subj", "/CN=odd", "-out", csrPath]);
        Assert.Equal(0, OpenSsl.Run(temp.Path, "req", "-in", csrPath, "-noout", "-verify").ExitCode);

        var result = CertificateRequestDecoder.Decode(File.ReadAllBytes(csrPath));

        Assert.True(result.IsSuccess, result.Error);
        Assert.False(result.Value.SignatureValid);
        Assert.StartsWith(reason, result.Value.SignatureError, StringComparison.Ordinal);
    }

    [Fact]
    public void NonMinimalLength_IsNotDer()
    {
        var der = Der(Vectors.Bytes("node.csr"));
        Assert.Equal([0x30, 0x81, 0xF1], der[..3]);
        byte[] mutated = [0x30, 0x82, 0x00, 0xF1, .. der[3..]];

        var result = CertificateRequestDecoder.Decode(Pem(mutated));

        Assert.False(result.IsSuccess);
        Assert.Equal("the CERTIFICATE REQUEST block is not valid DER: length encoded with leading zero bytes (not DER)", result.Error);
    }

    [Fact]
    public void BooleanOtherThanFF_IsNotDer()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=x", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        var der = request.CreateSigningRequest();
        var at = der.AsSpan().IndexOf([(byte)0x01, (byte)0x01, (byte)0xFF]);
        Assert.True(at > 0);
        der[at + 2] = 0x01;

        var result = CertificateRequestDecoder.Decode(Pem(der));

        Assert.False(result.IsSuccess);
        Assert.Equal("the CERTIFICATE REQUEST block is not valid DER: BOOLEAN that is not a single 0x00 or 0xFF byte (not DER)", result.Error);
    }

    [Fact]
    public void ConstructedOctetString_IsNotDer()
    {
        // SEQUENCE { OCTET STRING (constructed, BER) { OCTET STRING 01 } }
        byte[] der = [0x30, 0x05, 0x24, 0x03, 0x04, 0x01, 0x01];

        var result = CertificateRequestDecoder.Decode(Pem(der));

        Assert.False(result.IsSuccess);
        Assert.Equal("the CERTIFICATE REQUEST block is not valid DER: constructed encoding of universal type 4 (BER, not DER)", result.Error);
    }

    [Fact]
    public void CertificateWithSha1Signature_DecodesButDoesNotChainForGo()
    {
        using var temp = new TempDirectory();
        var key = temp.File("ca.key");
        var ca = temp.File("ca.crt");
        OpenSsl.Ok(temp.Path, "req", "-x509", "-new", "-newkey", "rsa:2048", "-sha1", "-nodes", "-keyout", key, "-subj", "/CN=old-ca",
            "-days", "30", "-addext", "basicConstraints=critical,CA:TRUE", "-out", ca);

        var decoded = CertificateDecoder.Decode(File.ReadAllBytes(ca));

        Assert.True(decoded.IsSuccess, decoded.Error);
        Assert.Equal("sha1WithRSAEncryption", decoded.Value.Leaf.SignatureAlgorithm);
        var check = decoded.Value.Leaf.ChainsTo(File.ReadAllBytes(ca)).Value!;
        Assert.True(check.IssuerMatchesSubject);
        Assert.False(check.SignatureValid);
        Assert.StartsWith("SHA-1 certificate signatures are rejected", check.SignatureError, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateRequestedExtensions_AreAnErrorLikeGo()
    {
        var san = new DerSequence(X509Extensions.SubjectAlternativeName.ToAsn1Object(),
            new DerOctetString(new GeneralNames(new GeneralName(GeneralName.DnsName, "a.example")).GetEncoded()));
        var attributes = new DerSet(new AttributePkcs(PkcsObjectIdentifiers.Pkcs9AtExtensionRequest, new DerSet(new DerSequence(san, san))));

        var result = CertificateRequestDecoder.Decode(SignWithBouncyCastle(attributes));

        Assert.False(result.IsSuccess);
        Assert.Equal("the request contains duplicate requested extensions (2.5.29.17)", result.Error);
    }

    [Fact]
    public void OtherAndUnparseableAttributes_AreListedOrIgnoredLikeGo()
    {
        var challenge = new AttributePkcs(PkcsObjectIdentifiers.Pkcs9AtChallengePassword, new DerSet(new DerUtf8String("secret")));
        var attributes = new DerSet(new Asn1Encodable[] { challenge, DerInteger.ValueOf(7) });

        var result = CertificateRequestDecoder.Decode(SignWithBouncyCastle(attributes));

        Assert.True(result.IsSuccess, result.Error);
        Assert.True(result.Value.SignatureValid, result.Value.SignatureError);
        Assert.Equal(["1.2.840.113549.1.9.7"], result.Value.OtherAttributes);
    }

    /// <summary>Builds and signs a request by hand, so attributes BouncyCastle's builder would refuse can be included.</summary>
    private static byte[] SignWithBouncyCastle(Asn1Set attributes)
    {
        var generator = GeneratorUtilities.GetKeyPairGenerator("EC");
        generator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, new SecureRandom()));
        var keys = generator.GenerateKeyPair();
        var info = new DerSequence(DerInteger.ValueOf(0), new X509Name("CN=bc"),
            SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(keys.Public), new DerTaggedObject(false, 0, attributes));
        var toBeSigned = info.GetEncoded(Asn1Encodable.Der);
        var signer = SignerUtilities.GetSigner("SHA256WITHECDSA");
        signer.Init(true, keys.Private);
        signer.BlockUpdate(toBeSigned, 0, toBeSigned.Length);
        var request = new DerSequence(info, new AlgorithmIdentifier(X9ObjectIdentifiers.ECDsaWithSha256),
            new DerBitString(signer.GenerateSignature()));
        return Pem(request.GetEncoded(Asn1Encodable.Der));
    }

    private static byte[] Der(byte[] pem) =>
        Convert.FromBase64String(string.Concat(Encoding.ASCII.GetString(pem).Split('\n')
            .Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal))));

    private static byte[] Pem(byte[] der) =>
        Encoding.ASCII.GetBytes("-----BEGIN CERTIFICATE REQUEST-----\n" + Convert.ToBase64String(der) + "\n-----END CERTIFICATE REQUEST-----\n");
}
