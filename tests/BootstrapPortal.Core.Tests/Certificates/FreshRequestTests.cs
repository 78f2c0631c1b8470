using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BootstrapPortal.Core.Certificates;

namespace BootstrapPortal.Core.Tests.Certificates;

/// <summary>Requests generated now, by openssl and by .NET, decoded and compared with openssl's view field by field.</summary>
public sealed class FreshRequestTests
{
    private const string Subject = "/O=system:nodes/CN=system:node:worker-2";
    private const string SanExtension =
        "subjectAltName=DNS:worker-2.example,DNS:worker-2,IP:10.0.0.12,IP:fd00::12,email:ops@example.com,URI:spiffe://cluster.local/node/worker-2";

    public static TheoryData<string, string[], string, int?, string?> OpenSslKeys => new()
    {
        { "ec-p256", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"], "EC", 256, "P-256" },
        { "ec-p384", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:secp384r1"], "EC", 384, "P-384" },
        { "ec-p521", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:secp521r1"], "EC", 521, "P-521" },
        { "rsa-2048", ["-newkey", "rsa:2048"], "RSA", 2048, null },
        { "rsa-4096", ["-newkey", "rsa:4096"], "RSA", 4096, null },
        { "ed25519", ["-newkey", "ed25519"], "Ed25519", 256, null },
    };

    [Theory]
    [MemberData(nameof(OpenSslKeys))]
    public void OpenSslRequestWithAllSanKinds_MatchesOpenSsl(string name, string[] keyArguments, string algorithm, int? bits, string? curve)
    {
        using var temp = new TempDirectory();
        var csrPath = temp.File(name + ".csr");
        OpenSsl.Ok(temp.Path,
        [
            "req", "-new", .. keyArguments, "-nodes", "-keyout", temp.File(name + ".key"), "-subj", Subject,
            "-addext", SanExtension,
            "-addext", "keyUsage=critical,digitalSignature,keyEncipherment",
            "-addext", "extendedKeyUsage=serverAuth,clientAuth",
            "-addext", "basicConstraints=critical,CA:FALSE",
            "-out", csrPath,
        ]);

        var result = CertificateRequestDecoder.Decode(File.ReadAllBytes(csrPath));

        Assert.True(result.IsSuccess, result.Error);
        var csr = result.Value;
        OpenSslComparison.AssertRequest(temp.Path, csrPath, csr);

        Assert.Equal(algorithm, csr.PublicKey.Algorithm);
        Assert.Equal(bits, csr.PublicKey.SizeBits);
        Assert.Equal(curve, csr.PublicKey.Curve);
        Assert.True(csr.SignatureValid, csr.SignatureError);
        Assert.Equal("system:node:worker-2", csr.CommonName);
        Assert.Equal(["system:nodes"], csr.Organizations);
        Assert.Equal(["worker-2.example", "worker-2"], csr.SubjectAlternativeNames.DnsNames);
        Assert.Equal(["10.0.0.12", "fd00::12"], csr.SubjectAlternativeNames.IpAddresses);
        Assert.Equal(["ops@example.com"], csr.SubjectAlternativeNames.EmailAddresses);
        Assert.Equal(["spiffe://cluster.local/node/worker-2"], csr.SubjectAlternativeNames.Uris);
        Assert.Empty(csr.SubjectAlternativeNames.Other);
        Assert.Equal(
            [
                new ExtensionDescription("2.5.29.17", "Subject Alternative Name", false,
                    "DNS:worker-2.example, DNS:worker-2, IP Address:10.0.0.12, IP Address:fd00::12, email:ops@example.com, URI:spiffe://cluster.local/node/worker-2"),
                new ExtensionDescription("2.5.29.15", "Key Usage", true, "digitalSignature, keyEncipherment"),
                new ExtensionDescription("2.5.29.37", "Extended Key Usage", false, "serverAuth, clientAuth"),
                new ExtensionDescription("2.5.29.19", "Basic Constraints", true, "CA:FALSE"),
            ],
            csr.Extensions);
    }

    [Theory]
    [InlineData("rsa:2048", "-sha384", "sha384WithRSAEncryption")]
    [InlineData("rsa:2048", "-sha512", "sha512WithRSAEncryption")]
    [InlineData("ec", "-sha384", "ecdsa-with-SHA384")]
    public void OpenSslRequestWithOtherDigests_MatchesOpenSsl(string key, string digest, string expectedAlgorithm)
    {
        using var temp = new TempDirectory();
        var csrPath = temp.File("r.csr");
        string[] keyArguments = key == "ec" ? ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"] : ["-newkey", key];
        OpenSsl.Ok(temp.Path, ["req", "-new", .. keyArguments, digest, "-nodes", "-keyout", temp.File("r.key"), "-subj", "/CN=plain", "-out", csrPath]);

        var result = CertificateRequestDecoder.Decode(File.ReadAllBytes(csrPath));

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(expectedAlgorithm, result.Value.SignatureAlgorithm);
        Assert.True(result.Value.SignatureValid, result.Value.SignatureError);
        Assert.Empty(result.Value.Extensions);
        OpenSslComparison.AssertRequest(temp.Path, csrPath, result.Value);
    }

    [Fact]
    public void OpenSslRequestWithRsaPssSaltEqualToHash_Verifies()
    {
        using var temp = new TempDirectory();
        var csrPath = temp.File("pss.csr");
        OpenSsl.Ok(temp.Path, "req", "-new", "-newkey", "rsa:2048", "-sha256", "-sigopt", "rsa_padding_mode:pss",
            "-sigopt", "rsa_pss_saltlen:digest", "-nodes", "-keyout", temp.File("pss.key"), "-subj", "/CN=pss", "-out", csrPath);

        var result = CertificateRequestDecoder.Decode(File.ReadAllBytes(csrPath));

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal("rsassaPss", result.Value.SignatureAlgorithm);
        Assert.True(result.Value.SignatureValid, result.Value.SignatureError);
        OpenSslComparison.AssertRequest(temp.Path, csrPath, result.Value);
    }

    [Fact]
    public void OpenSslRequestWithRsaPssMaximumSalt_IsNotValidForKubernetesThoughOpenSslAcceptsIt()
    {
        using var temp = new TempDirectory();
        var csrPath = temp.File("pss-max.csr");
        OpenSsl.Ok(temp.Path, "req", "-new", "-newkey", "rsa:2048", "-sha256", "-sigopt", "rsa_padding_mode:pss",
            "-sigopt", "rsa_pss_saltlen:max", "-nodes", "-keyout", temp.File("pss.key"), "-subj", "/CN=pss", "-out", csrPath);
        Assert.Equal(0, OpenSsl.Run(temp.Path, "req", "-in", csrPath, "-noout", "-verify").ExitCode);

        var result = CertificateRequestDecoder.Decode(File.ReadAllBytes(csrPath));

        // Go's crypto/x509 only accepts PSS whose salt length equals the hash length, so kube-apiserver rejects this.
        Assert.True(result.IsSuccess, result.Error);
        Assert.False(result.Value.SignatureValid);
        Assert.Contains("salt length 222", result.Value.SignatureError, StringComparison.Ordinal);
    }

    public static TheoryData<string> DotNetKeys => new() { "rsa-2048", "rsa-3072", "ecdsa-p256", "ecdsa-p384" };

    [Theory]
    [MemberData(nameof(DotNetKeys))]
    public void DotNetCertificateRequest_MatchesOpenSslAndWhatWasBuilt(string keyKind)
    {
        using var temp = new TempDirectory();
        using var key = CreateKey(keyKind);
        var name = new X500DistinguishedNameBuilder();
        name.AddOrganizationName("system:nodes");
        name.AddCommonName("system:node:worker-3");
        var request = key is RSA rsa
            ? new CertificateRequest(name.Build(), rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest(name.Build(), (ECDsa)key, HashAlgorithmName.SHA256);
        var sans = new SubjectAlternativeNameBuilder();
        sans.AddDnsName("worker-3.internal");
        sans.AddIpAddress(IPAddress.Parse("192.168.7.3"));
        sans.AddIpAddress(IPAddress.Parse("2001:db8::7:3"));
        sans.AddEmailAddress("node@example.org");
        sans.AddUri(new Uri("https://worker-3.internal:10250/"));
        request.CertificateExtensions.Add(sans.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        var csrPath = temp.File("dotnet.csr");
        File.WriteAllText(csrPath, request.CreateSigningRequestPem());

        var result = CertificateRequestDecoder.Decode(File.ReadAllBytes(csrPath));

        Assert.True(result.IsSuccess, result.Error);
        var csr = result.Value;
        OpenSslComparison.AssertRequest(temp.Path, csrPath, csr);
        Assert.True(csr.SignatureValid, csr.SignatureError);
        // X500DistinguishedNameBuilder encodes the last added RDN first; the decoder keeps encoding order.
        Assert.Equal([("CN", "system:node:worker-3"), ("O", "system:nodes")], csr.Subject.Attributes.Select(a => (a.Type, a.Value)));
        Assert.Equal("system:node:worker-3", csr.CommonName);
        Assert.Equal(["system:nodes"], csr.Organizations);
        Assert.Equal(["worker-3.internal"], csr.SubjectAlternativeNames.DnsNames);
        Assert.Equal(["192.168.7.3", "2001:db8::7:3"], csr.SubjectAlternativeNames.IpAddresses);
        Assert.Equal(["node@example.org"], csr.SubjectAlternativeNames.EmailAddresses);
        Assert.Equal(["https://worker-3.internal:10250/"], csr.SubjectAlternativeNames.Uris);
        Assert.Equal("digitalSignature", csr.Extensions.Single(e => e.Oid == "2.5.29.15").Value);
        Assert.Equal("serverAuth", csr.Extensions.Single(e => e.Oid == "2.5.29.37").Value);

        var expectedKey = keyKind switch
        {
            "rsa-2048" => ("RSA", 2048, (string?)null),
            "rsa-3072" => ("RSA", 3072, null),
            "ecdsa-p256" => ("EC", 256, "P-256"),
            _ => ("EC", 384, "P-384"),
        };
        Assert.Equal(expectedKey, (csr.PublicKey.Algorithm, csr.PublicKey.SizeBits ?? 0, csr.PublicKey.Curve));
        // .NET's own view of the same request agrees on the key.
        var spki = key is RSA r ? r.ExportSubjectPublicKeyInfo() : ((ECDsa)key).ExportSubjectPublicKeyInfo();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(spki)), csr.PublicKey.SpkiSha256);
    }

    private static AsymmetricAlgorithm CreateKey(string kind) => kind switch
    {
        "rsa-2048" => RSA.Create(2048),
        "rsa-3072" => RSA.Create(3072),
        "ecdsa-p256" => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        "ecdsa-p384" => ECDsa.Create(ECCurve.NamedCurves.nistP384),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
