using System.Text;
using BootstrapPortal.Core.Certificates;

namespace BootstrapPortal.Core.Tests.Certificates;

/// <summary>The worked example (Vectors/): node.csr, node.crt, ca.crt, pending.json, issued.json.</summary>
public sealed class ReferenceVectorTests
{
    [Fact]
    public void NodeCsr_DecodesToTheKnownKubeletRequest()
    {
        var result = CertificateRequestDecoder.Decode(Vectors.Bytes("node.csr"));

        Assert.True(result.IsSuccess, result.Error);
        var csr = result.Value;
        Assert.Empty(result.Warnings);
        Assert.Equal(0, csr.Version);
        Assert.Equal([new NameAttribute("O", "2.5.4.10", "system:nodes"), new NameAttribute("CN", "2.5.4.3", "system:node:worker-1")],
            csr.Subject.Attributes);
        Assert.Equal("system:node:worker-1", csr.CommonName);
        Assert.Equal(["system:nodes"], csr.Organizations);
        Assert.Equal("O = system:nodes, CN = system:node:worker-1", csr.Subject.Text);
        Assert.True(csr.SubjectAlternativeNames.IsEmpty);
        Assert.Equal("EC", csr.PublicKey.Algorithm);
        Assert.Equal("P-256", csr.PublicKey.Curve);
        Assert.Equal(256, csr.PublicKey.SizeBits);
        Assert.Equal("EC P-256", csr.PublicKey.Description);
        Assert.Equal("ecdsa-with-SHA256", csr.SignatureAlgorithm);
        Assert.Equal("1.2.840.10045.4.3.2", csr.SignatureAlgorithmOid);
        Assert.True(csr.SignatureValid, csr.SignatureError);
        Assert.Null(csr.SignatureError);
        Assert.Empty(csr.Extensions);
    }

    [Fact]
    public void NodeCsr_MatchesOpenSsl()
    {
        using var temp = new TempDirectory();
        var decoded = CertificateRequestDecoder.Decode(Vectors.Bytes("node.csr"));
        Assert.True(decoded.IsSuccess, decoded.Error);
        OpenSslComparison.AssertRequest(temp.Path, Vectors.PathOf("node.csr"), decoded.Value);
    }

    [Fact]
    public void PendingJsonRequest_IsTheSameRequestAsNodeCsr()
    {
        var bytes = Vectors.JsonBytesField("pending.json", "spec.request");
        Assert.StartsWith("-----BEGIN CERTIFICATE REQUEST-----", Encoding.ASCII.GetString(bytes), StringComparison.Ordinal);

        var fromJson = CertificateRequestDecoder.Decode(bytes);
        var fromFile = CertificateRequestDecoder.Decode(Vectors.Bytes("node.csr"));

        Assert.True(fromJson.IsSuccess, fromJson.Error);
        Assert.Equal(fromFile.Value!.PublicKey, fromJson.Value.PublicKey);
        Assert.Equal(fromFile.Value.Subject.Text, fromJson.Value.Subject.Text);
        Assert.True(fromJson.Value.SignatureValid);
    }

    [Fact]
    public void NodeCrt_DecodesToTheKnownIssuedCertificate()
    {
        var result = CertificateDecoder.Decode(Vectors.Bytes("node.crt"));

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(1, result.Value.Count);
        var cert = result.Value.Leaf;
        Assert.Equal(3, cert.Version);
        Assert.Equal("O = system:nodes, CN = system:node:worker-1", cert.Subject.Text);
        Assert.Equal("CN = kubernetes", cert.Issuer.Text);
        Assert.Equal("3BA59BE9F9282E21E1B84221BFA912B0", cert.SerialNumber);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 12, 0, 30, TimeSpan.Zero), cert.NotBefore);
        Assert.Equal(new DateTimeOffset(2027, 3, 2, 12, 0, 30, TimeSpan.Zero), cert.NotAfter);
        Assert.Equal(TimeSpan.Zero, cert.NotBefore.Offset);
        Assert.Equal(["digitalSignature"], cert.KeyUsages);
        Assert.Equal(["clientAuth"], cert.ExtendedKeyUsages);
        Assert.Equal(["digital signature", "client auth"], cert.KubernetesUsages);
        Assert.False(cert.IsCertificateAuthority);
        Assert.True(cert.SubjectAlternativeNames.IsEmpty);
        Assert.Equal(
            "15:C1:2D:0C:DC:CC:D3:46:AF:F2:8A:BC:72:F4:27:5B:5C:A8:29:1F:4B:62:AC:A8:8E:EC:D4:52:E1:76:5B:2A",
            cert.Sha256Fingerprint);
        Assert.Equal("EC P-256", cert.PublicKey.Description);
        Assert.Equal("ecdsa-with-SHA256", cert.SignatureAlgorithm);
        Assert.Equal(
            [
                new ExtensionDescription("2.5.29.15", "Key Usage", true, "digitalSignature"),
                new ExtensionDescription("2.5.29.37", "Extended Key Usage", false, "clientAuth"),
                new ExtensionDescription("2.5.29.19", "Basic Constraints", true, "CA:FALSE"),
                new ExtensionDescription("2.5.29.35", "Authority Key Identifier", false,
                    "77:9F:CC:CD:33:BF:B0:9E:8D:F5:91:18:F0:22:D5:0E:4B:B8:3F:73"),
            ],
            cert.Extensions);
    }

    [Fact]
    public void NodeCrt_MatchesOpenSsl()
    {
        using var temp = new TempDirectory();
        var decoded = CertificateDecoder.Decode(Vectors.Bytes("node.crt"));
        Assert.True(decoded.IsSuccess, decoded.Error);
        OpenSslComparison.AssertCertificate(temp.Path, Vectors.PathOf("node.crt"), decoded.Value.Leaf);
    }

    [Fact]
    public void CaCrt_MatchesOpenSslAndTheKubeadmPin()
    {
        using var temp = new TempDirectory();
        var decoded = CertificateDecoder.Decode(Vectors.Bytes("ca.crt"));
        Assert.True(decoded.IsSuccess, decoded.Error);
        var ca = decoded.Value.Leaf;
        OpenSslComparison.AssertCertificate(temp.Path, Vectors.PathOf("ca.crt"), ca);
        Assert.True(ca.IsCertificateAuthority);
        Assert.Equal(["digitalSignature", "keyEncipherment", "keyCertSign"], ca.KeyUsages);
        // vectors.json "pin": sha256 of the CA's SubjectPublicKeyInfo (kubeadm --discovery-token-ca-cert-hash).
        Assert.Equal("44115f25bf26e082a7e90d852001ea218dd876ee3e8654f5295bfc135b390fa1", ca.PublicKey.SpkiSha256);
    }

    [Fact]
    public void IssuedJsonCertificate_IsNodeCrtAndCarriesTheRequestKey()
    {
        var fromJson = CertificateDecoder.Decode(Vectors.JsonBytesField("issued.json", "status.certificate"));
        var request = CertificateRequestDecoder.Decode(Vectors.JsonBytesField("issued.json", "spec.request"));

        Assert.True(fromJson.IsSuccess, fromJson.Error);
        Assert.True(request.IsSuccess, request.Error);
        Assert.Equal("15:C1:2D:0C:DC:CC:D3:46:AF:F2:8A:BC:72:F4:27:5B:5C:A8:29:1F:4B:62:AC:A8:8E:EC:D4:52:E1:76:5B:2A",
            fromJson.Value.Leaf.Sha256Fingerprint);
        Assert.Equal(request.Value.PublicKey.SpkiSha256, fromJson.Value.Leaf.PublicKey.SpkiSha256);
        Assert.Equal(request.Value.Subject.Attributes, fromJson.Value.Leaf.Subject.Attributes);
        // The signer copied the subject bytes verbatim; the raw encodings let a signer do the same.
        var leafDer = fromJson.Value.Leaf.Der.AsSpan();
        Assert.True(leafDer.IndexOf(request.Value.SubjectDer.AsSpan()) > 0);
        Assert.True(leafDer.IndexOf(request.Value.SubjectPublicKeyInfoDer.AsSpan()) > 0);
        Assert.Equal(request.Value.PublicKey.SpkiSha256,
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(request.Value.SubjectPublicKeyInfoDer.AsSpan())));
    }

    [Fact]
    public void NodeCrt_ChainsToCaCrt_AgreeingWithOpenSslVerify()
    {
        using var temp = new TempDirectory();
        var leaf = CertificateDecoder.Decode(Vectors.Bytes("node.crt")).Value!.Leaf;

        var check = leaf.ChainsTo(Vectors.Bytes("ca.crt"));

        Assert.True(check.IsSuccess, check.Error);
        Assert.True(check.Value.ChainsTo);
        Assert.True(check.Value.SignatureValid, check.Value.SignatureError);
        Assert.True(check.Value.IssuerMatchesSubject);
        Assert.True(check.Value.AuthorityKeyIdMatches);
        Assert.True(check.Value.CaIsCertificateAuthority);
        Assert.True(check.Value.ValidityWithinCa);
        Assert.Equal("CN = kubernetes", check.Value.CaSubject.Text);
        Assert.True(check.Value.BothValidAt(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.False(check.Value.BothValidAt(new DateTimeOffset(2027, 6, 1, 0, 0, 0, TimeSpan.Zero)));

        var verify = OpenSsl.Run(temp.Path, "verify", "-attime", "1780000000", "-CAfile", Vectors.PathOf("ca.crt"), Vectors.PathOf("node.crt"));
        Assert.Equal(0, verify.ExitCode);
    }

    [Fact]
    public void NodeCrt_DoesNotChainToItself()
    {
        var leaf = CertificateDecoder.Decode(Vectors.Bytes("node.crt")).Value!.Leaf;

        var check = leaf.ChainsTo(Vectors.Bytes("node.crt"));

        Assert.True(check.IsSuccess, check.Error);
        Assert.False(check.Value.ChainsTo);
        Assert.False(check.Value.SignatureValid);
        Assert.NotNull(check.Value.SignatureError);
        Assert.False(check.Value.IssuerMatchesSubject);
        Assert.False(check.Value.CaIsCertificateAuthority);
    }
}
