using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Sandbox.Controllers;
using BootstrapPortal.Sandbox.Tests.Kubelets;
using k8s.Models;

namespace BootstrapPortal.Sandbox.Tests.Controllers;

public sealed class ControllersUnitTests
{
    private const string ClusterInfoKubeconfig = "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJhakNDQVJDZ0F3SUJBZ0lRYTZ5eXBNcElzT1p6dWhmWW40OTdiekFLQmdncWhrak9QUVFEQWpBVk1STXcKRVFZRFZRUUREQXByZFdKbGNtNWxkR1Z6TUI0WERUSTJNRE13TWpFeE5UQXdNRm9YRFRNMk1ESXlPREV4TlRVdwpNRm93RlRFVE1CRUdBMVVFQXd3S2EzVmlaWEp1WlhSbGN6QlpNQk1HQnlxR1NNNDlBZ0VHQ0NxR1NNNDlBd0VICkEwSUFCT1NHN1pITmZTV3JDWUtwS2dHZnNEYm0rUUFZRkhKMVM4VSs0Vk9kUlNTUVVCK0hxZG8wajZVK0hVYWEKbWIxMVhwRlc5U01rU0tNTmNLbXVpazhNNjJtalFqQkFNQTRHQTFVZER3RUIvd1FFQXdJQ3BEQVBCZ05WSFJNQgpBZjhFQlRBREFRSC9NQjBHQTFVZERnUVdCQlIzbjh6Tk03K3dubzMxa1Jqd0l0VU9TN2cvY3pBS0JnZ3Foa2pPClBRUURBZ05JQURCRkFpRUE4MzRnZ0NpdmRWYjJVZ3pDNndrRWJRS2h4Sy9MQXB3eU0yUG0yeUJNK29FQ0lFVEwKZ0NaWWRjVU1sRVFlTHRoYkF3WmVCdWt4MEF2akhKOElZV3J0YzFhSwotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCg==\n    server: https://10.0.0.10:6443\n  name: \"\"\ncontexts: null\ncurrent-context: \"\"\nkind: Config\nusers: null\n";
    private const string ClusterInfoSignature = "eyJhbGciOiJIUzI1NiIsImtpZCI6ImFiY2RlZiJ9..WdyTwor5nFkgA-Kpf-LkJPoZiZnenGXq2ZbjG-T6pdI";
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 30, TimeSpan.Zero);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    internal static X509Certificate2 CreateTestCa()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kubernetes", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(10));
    }

    private static CertificateRequestFacts NodeRequest(string node, Action<SubjectAlternativeNameBuilder>? sans = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        // X500DistinguishedNameBuilder encodes the last-added RDN first: this yields Go's DER order O=..., CN=...
        subject.AddCommonName("system:node:" + node);
        subject.AddOrganizationName("system:nodes");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        if (sans is not null)
        {
            var builder = new SubjectAlternativeNameBuilder();
            sans(builder);
            request.CertificateExtensions.Add(builder.Build());
        }

        Assert.True(CertificateRequestFactsReader.TryRead(Encoding.ASCII.GetBytes(request.CreateSigningRequestPem()), out var facts, out var error), error);
        return facts!;
    }

    private static (int ExitCode, string Output) Openssl(params string[] args) => KubeletTestSupport.Openssl(args);

    [Fact]
    public void Issued_kubelet_client_certificate_is_what_kcm_issues_and_openssl_verifies_it()
    {
        using var ca = CreateTestCa();
        var issuer = new CsrCertificateIssuer(ca, new SandboxTimeScale(1, TimeProvider.System));
        var facts = NodeRequest("worker-1");
        var before = DateTimeOffset.UtcNow;
        var pem = issuer.Issue(facts, ["digital signature", "client auth"], CsrCertificateIssuer.EffectiveTtl(TimeSpan.FromDays(365), null));
        using var certificate = X509Certificate2.CreateFromPem(pem);

        Assert.Equal(facts.SubjectDer.ToArray(), certificate.SubjectName.RawData);
        Assert.Equal(ca.SubjectName.RawData, certificate.IssuerName.RawData);
        var ku = certificate.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.True(ku.Critical);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, ku.KeyUsages);
        Assert.Equal(["1.3.6.1.5.5.7.3.2"], certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
        var bc = certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(bc.Critical);
        Assert.False(bc.CertificateAuthority);
        Assert.Empty(certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>());

        // NotBefore = now - 5 min; NotAfter = now + 8760 h - 5 min (long TTL); second precision.
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        Assert.InRange(notBefore, before.AddMinutes(-5).AddSeconds(-2), DateTimeOffset.UtcNow.AddMinutes(-5).AddSeconds(1));
        Assert.InRange(notAfter - notBefore, TimeSpan.FromHours(8760) - TimeSpan.FromSeconds(2), TimeSpan.FromHours(8760) + TimeSpan.FromSeconds(2));

        var dir = Directory.CreateTempSubdirectory("issuer-test");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "ca.crt"), ca.ExportCertificatePem());
            File.WriteAllText(Path.Combine(dir.FullName, "node.crt"), pem);
            var (code, output) = Openssl("verify", "-CAfile", Path.Combine(dir.FullName, "ca.crt"), Path.Combine(dir.FullName, "node.crt"));
            Assert.True(code == 0, output);
            Assert.Contains("OK", output, StringComparison.Ordinal);
            var (_, purpose) = Openssl("x509", "-in", Path.Combine(dir.FullName, "node.crt"), "-noout", "-subject");
            Assert.Contains("O=system:nodes, CN=system:node:worker-1", purpose.Replace(" = ", "=", StringComparison.Ordinal), StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Clock_speed_compresses_lifetime_and_backdate_keeping_proportions()
    {
        using var ca = CreateTestCa();
        var issuer = new CsrCertificateIssuer(ca, new SandboxTimeScale(3600, new FixedTime(Now)));
        var pem = issuer.Issue(NodeRequest("n"), ["digital signature", "server auth"], TimeSpan.FromDays(10));
        using var certificate = X509Certificate2.CreateFromPem(pem);

        // 10 days of Kubernetes time = 240 s real; the 5-minute backdate becomes 1/12 s (truncated to the second).
        Assert.Equal(Now.AddSeconds(-1).UtcDateTime, certificate.NotBefore.ToUniversalTime());
        Assert.Equal((Now + TimeSpan.FromSeconds(240 - (300 / 3600.0))).UtcDateTime.AddTicks(-(Now + TimeSpan.FromSeconds(240 - (300 / 3600.0))).UtcDateTime.Ticks % TimeSpan.TicksPerSecond), certificate.NotAfter.ToUniversalTime());
    }

    [Fact]
    public void Issued_serving_certificate_copies_sans_and_short_ttl_is_not_backdated_at_the_end()
    {
        using var ca = CreateTestCa();
        var issuer = new CsrCertificateIssuer(ca, new SandboxTimeScale(1, new FixedTime(Now)));
        var facts = NodeRequest("n", b => { b.AddDnsName("n"); b.AddIpAddress(System.Net.IPAddress.Parse("10.0.0.11")); });
        using var certificate = X509Certificate2.CreateFromPem(issuer.Issue(facts, ["digital signature", "server auth"], TimeSpan.FromHours(1)));
        Assert.Equal(Now.AddHours(1).UtcDateTime, certificate.NotAfter.ToUniversalTime());
        Assert.Equal(Now.AddMinutes(-5).UtcDateTime, certificate.NotBefore.ToUniversalTime());
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["n"], san.EnumerateDnsNames());
        Assert.Equal(["10.0.0.11"], san.EnumerateIPAddresses().Select(ip => ip.ToString()));
    }

    [Theory]
    [InlineData(null, 8760 * 3600)]
    [InlineData(300, 600)]
    [InlineData(3600, 3600)]
    [InlineData(100_000_000, 8760 * 3600)]
    public void Ttl_follows_kcm(int? expirationSeconds, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), CsrCertificateIssuer.EffectiveTtl(TimeSpan.FromHours(8760), expirationSeconds));

    private static V1Secret TokenSecret(string name, IDictionary<string, string> data) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "kube-system" },
        Type = "bootstrap.kubernetes.io/token",
        Data = data.ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetBytes(kv.Value)),
    };

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("2026-03-02T12:00:31Z", false)]
    [InlineData("2026-03-02T12:00:30Z", true)]
    [InlineData("2026-03-02T11:00:00Z", true)]
    [InlineData("2026-03-02T13:00:30+02:00", true)]
    [InlineData("2026-03-02T12:00:30.5Z", false)]
    // Go's time.Parse accepts any length of fraction (the sandbox once refused nine digits while its tokencleaner kept the token).
    [InlineData("2027-01-01T00:00:00.123456789Z", false)]
    [InlineData("2027-01-01T00:00:00.1234567891234Z", false)]
    [InlineData("2027-01-01T0:00:00Z", false)]
    [InlineData("2027-01-01t00:00:00Z", true)]
    [InlineData("2027-02-30T00:00:00Z", true)]
    [InlineData("2027-01-01T00:00:60Z", true)]
    [InlineData("2027-01-01T00:00:00.Z", true)]
    [InlineData("2026-03-03", true)]
    [InlineData("tomorrow", true)]
    public void Token_expiration_semantics(string? expiration, bool expired)
    {
        var data = new Dictionary<string, string> { ["token-id"] = "abcdef", ["token-secret"] = "0123456789abcdef" };
        if (expiration is not null)
        {
            data["expiration"] = expiration;
        }

        Assert.Equal(expired, BootstrapPortal.Core.Tokens.BootstrapTokenSecrets.IsExpired(TokenSecret("bootstrap-token-abcdef", data), Now));
    }

    [Fact]
    public void Signing_tokens_need_matching_name_id_secret_usage_and_no_expiry()
    {
        Dictionary<string, string> Good() => new()
        {
            ["token-id"] = "abcdef",
            ["token-secret"] = "0123456789abcdef",
            ["usage-bootstrap-signing"] = "true",
            ["expiration"] = "2026-03-03T12:00:00Z",
        };

        Assert.Equal(("abcdef", "0123456789abcdef"), BootstrapPortal.Core.Tokens.BootstrapTokenSecrets.GetSigningToken(TokenSecret("bootstrap-token-abcdef", Good()), Now));
        Assert.Null(BootstrapPortal.Core.Tokens.BootstrapTokenSecrets.GetSigningToken(TokenSecret("bootstrap-token-abcdeg", Good()), Now));
        Assert.Null(BootstrapPortal.Core.Tokens.BootstrapTokenSecrets.GetSigningToken(TokenSecret("bootstrap-token-abcdef\n", Good()), Now));
        var noUsage = Good();
        noUsage["usage-bootstrap-signing"] = "True";
        Assert.Null(BootstrapPortal.Core.Tokens.BootstrapTokenSecrets.GetSigningToken(TokenSecret("bootstrap-token-abcdef", noUsage), Now));
        var expired = Good();
        expired["expiration"] = "2026-03-01T12:00:00Z";
        Assert.Null(BootstrapPortal.Core.Tokens.BootstrapTokenSecrets.GetSigningToken(TokenSecret("bootstrap-token-abcdef", expired), Now));
        var emptySecret = Good();
        emptySecret["token-secret"] = "";
        Assert.Null(BootstrapPortal.Core.Tokens.BootstrapTokenSecrets.GetSigningToken(TokenSecret("bootstrap-token-abcdef", emptySecret), Now));
    }

    [Fact]
    public void Bootstrap_signer_data_matches_reference_cluster_info()
    {
        var current = new Dictionary<string, string>
        {
            ["kubeconfig"] = ClusterInfoKubeconfig,
            ["jws-kubeconfig-zzzzzz"] = "stale",
            ["other"] = "kept",
        };
        var data = BootstrapSignerController.ComputeData(current, [("abcdef", "0123456789abcdef")]);
        Assert.Equal(3, data.Count);
        Assert.Equal(ClusterInfoSignature, data["jws-kubeconfig-abcdef"]);
        Assert.Equal("kept", data["other"]);
        Assert.Equal(ClusterInfoKubeconfig, data["kubeconfig"]);

        var withoutKubeconfig = BootstrapSignerController.ComputeData(new Dictionary<string, string> { ["jws-kubeconfig-abcdef"] = "x" }, [("abcdef", "0123456789abcdef")]);
        Assert.Empty(withoutKubeconfig);
    }

    private static V1CertificateSigningRequest Csr(DateTime created, bool issued, params (string Type, DateTime Updated)[] conditions) => new()
    {
        Metadata = new V1ObjectMeta { Name = "csr-x", CreationTimestamp = created },
        Spec = new V1CertificateSigningRequestSpec(),
        Status = new V1CertificateSigningRequestStatus
        {
            Certificate = issued ? Encoding.ASCII.GetBytes(ValidCertificatePem.Value) : null,
            Conditions = conditions.Select(c => new V1CertificateSigningRequestCondition { Type = c.Type, Status = "True", LastUpdateTime = c.Updated }).ToList(),
        },
    };

    private static readonly Lazy<string> ValidCertificatePem = new(() =>
    {
        using var ca = CreateTestCa();
        return ca.ExportCertificatePem();
    });

    [Fact]
    public void Csr_cleaner_ages_are_scaled_by_clock_speed()
    {
        // Clock speed 60: 1 h → 60 s, 24 h → 24 min.
        var clock = new SandboxTimeScale(60, new FixedTime(Now));
        var now = Now.UtcDateTime;
        Assert.NotNull(CsrCleanerController.ShouldDelete(Csr(now.AddHours(-2), true, ("Approved", now.AddSeconds(-61))), clock));
        Assert.Null(CsrCleanerController.ShouldDelete(Csr(now.AddHours(-2), true, ("Approved", now.AddSeconds(-59))), clock));
        Assert.Null(CsrCleanerController.ShouldDelete(Csr(now.AddHours(-2), false, ("Approved", now.AddSeconds(-61))), clock));
        Assert.NotNull(CsrCleanerController.ShouldDelete(Csr(now.AddHours(-2), false, ("Denied", now.AddSeconds(-61))), clock));
        Assert.Null(CsrCleanerController.ShouldDelete(Csr(now.AddHours(-2), false, ("Denied", now.AddSeconds(-30))), clock));
        Assert.NotNull(CsrCleanerController.ShouldDelete(Csr(now.AddHours(-2), false, ("Approved", now.AddSeconds(-10)), ("Failed", now.AddSeconds(-61))), clock));
        Assert.NotNull(CsrCleanerController.ShouldDelete(Csr(now.AddMinutes(-25), false), clock));
        Assert.Null(CsrCleanerController.ShouldDelete(Csr(now.AddMinutes(-23), false), clock));
    }

    [Fact]
    public void Csr_cleaner_deletes_issued_csrs_whose_certificate_expired()
    {
        var now = DateTime.UtcNow;
        using var ca = CreateTestCa();
        var expiredIssuer = new CsrCertificateIssuer(ca, new SandboxTimeScale(1, new FixedTime(DateTimeOffset.UtcNow.AddDays(-30))));
        var expiredPem = expiredIssuer.Issue(NodeRequest("n"), ["digital signature", "client auth"], TimeSpan.FromHours(1));
        var csr = Csr(now.AddMinutes(-1), false, ("Approved", now.AddSeconds(-1)));
        csr.Status.Certificate = Encoding.ASCII.GetBytes(expiredPem);
        Assert.Equal("its certificate has expired", CsrCleanerController.ShouldDelete(csr, new SandboxTimeScale(1, TimeProvider.System)));
    }
}
