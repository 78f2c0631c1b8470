using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BootstrapPortal.Sandbox.Tests;

public sealed class CertificateAuthorityTests
{
    [Fact]
    public void Ca_is_a_p256_kubernetes_ca()
    {
        using var ca = SandboxCertificateAuthority.Create();
        Assert.Equal("CN=kubernetes", ca.Certificate.Subject);
        Assert.True(ca.Certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Equal("1.2.840.10045.2.1", ca.Certificate.PublicKey.Oid.Value);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", ca.CertificatePem, StringComparison.Ordinal);
        Assert.False(ca.Certificate.HasPrivateKey);
    }

    [Fact]
    public void SignRequestPem_copies_subject_and_sans_and_takes_usages_from_the_request_spec()
    {
        using var ca = SandboxCertificateAuthority.Create();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(SandboxCertificateAuthority.BuildSubject("system:node:w1", ["system:nodes"]), key, HashAlgorithmName.SHA256);
        var sans = new SubjectAlternativeNameBuilder();
        sans.AddDnsName("w1.example.com");
        sans.AddIpAddress(IPAddress.Parse("10.0.0.21"));
        request.CertificateExtensions.Add(sans.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var csrPem = request.CreateSigningRequestPem();

        var info = CertificateSigningRequestInfo.Parse(csrPem);
        Assert.Equal("system:node:w1", info.CommonName);
        Assert.Equal(["system:nodes"], info.Organizations);
        Assert.Equal(["w1.example.com"], info.DnsNames);
        Assert.Equal([IPAddress.Parse("10.0.0.21")], info.IpAddresses);

        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        var pem = ca.SignRequestPem(csrPem, ["digital signature", "server auth"], notBefore, notBefore.AddDays(1));
        using var certificate = X509Certificate2.CreateFromPem(pem);
        Assert.Equal(info.Subject.RawData, certificate.SubjectName.RawData);
        Assert.False(certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, certificate.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        Assert.Equal(["1.3.6.1.5.5.7.3.1"], certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["w1.example.com"], san.EnumerateDnsNames());
        Assert.Equal([IPAddress.Parse("10.0.0.21")], san.EnumerateIPAddresses());
        // A serving certificate chains to the CA but is no client credential (x509.go verifies with ExtKeyUsageClientAuth).
        Assert.False(ca.Verifies(certificate));
        Assert.Equal(1, pem.Split("-----BEGIN CERTIFICATE-----").Length - 1);
    }

    [Fact]
    public void Tampered_requests_and_unknown_usages_are_rejected()
    {
        using var ca = SandboxCertificateAuthority.Create();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=x", key, HashAlgorithmName.SHA256);
        var der = request.CreateSigningRequest();
        der[^5] ^= 0x55;
        var tampered = PemEncoding.WriteString("CERTIFICATE REQUEST", der);
        Assert.ThrowsAny<CryptographicException>(() => CertificateSigningRequestInfo.Parse(tampered));
        Assert.Throws<ArgumentException>(() => ca.SignRequestPem(request.CreateSigningRequestPem(), ["made up"], DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1)));
    }

    [Fact]
    public void Client_certificates_from_another_ca_do_not_verify()
    {
        using var ca = SandboxCertificateAuthority.Create();
        using var other = SandboxCertificateAuthority.Create();
        var (pem, keyPem) = other.IssueClientCertificate("mallory", ["system:masters"]);
        using var foreign = X509Certificate2.CreateFromPem(pem, keyPem);
        Assert.False(ca.Verifies(foreign));
        var (ownPem, _) = ca.IssueClientCertificate("alice", ["team"]);
        using var own = X509Certificate2.CreateFromPem(ownPem);
        Assert.True(ca.Verifies(own));
        Assert.Equal("CN=alice, O=team", own.Subject);
        var twoGroups = SandboxCertificateAuthority.BuildSubject("bob", ["g1", "g2"]);
        Assert.Equal(["g1", "g2", "bob"], twoGroups.EnumerateRelativeDistinguishedNames(reversed: false).Select(r => r.GetSingleElementValue()));
    }
}
