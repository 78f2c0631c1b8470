using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using BootstrapPortal.Core.Tokens;
using BootstrapPortal.Sandbox.Kubelets;

namespace BootstrapPortal.Sandbox.Tests.Kubelets;

public sealed class KubeletUnitTests
{
    [Fact]
    public void Rotation_deadline_is_between_70_and_90_percent_of_the_lifetime()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=system:node:n", key, HashAlgorithmName.SHA256);
        var notBefore = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var certificate = request.CreateSelfSigned(notBefore, notBefore.AddDays(100));
        var credentials = new KubeletCredentials(certificate.ExportCertificatePem(), key.ExportECPrivateKeyPem());
        var deadlines = Enumerable.Range(0, 2000).Select(_ => credentials.NextRotationDeadline()).ToList();
        Assert.All(deadlines, d => Assert.InRange(d, notBefore.AddDays(70), notBefore.AddDays(90)));
        Assert.All(deadlines, d => Assert.NotEqual(notBefore.AddDays(90), d));

        // Jittered, not constant: both halves of the window are used.
        Assert.Contains(deadlines, d => d < notBefore.AddDays(80));
        Assert.Contains(deadlines, d => d > notBefore.AddDays(80));
    }

    [Fact]
    public void Generated_tokens_follow_the_bootstrap_token_format()
    {
        var pattern = new Regex(@"\A([a-z0-9]{6})\.([a-z0-9]{16})\z", RegexOptions.CultureInvariant);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 200; i++)
        {
            var generator = new BootstrapTokenGenerator();
            var (id, secret) = (generator.NewId(), generator.NewSecret());
            Assert.Matches(pattern, id + "." + secret);
            ids.Add(id);
        }

        Assert.True(ids.Count > 190, "token ids should be random");
    }

    [Fact]
    public void Bootstrap_kubeconfig_round_trips_through_the_client_loader()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca = new CertificateRequest("CN=kubernetes", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var yaml = KubeletKubeconfigs.BuildBootstrapKubeconfig(new Uri("https://127.0.0.1:6443"), ca.ExportCertificatePem(), "abcdef.0123456789abcdef");
        Assert.Contains("current-context: tls-bootstrap-token-user@kubernetes", yaml, StringComparison.Ordinal);
        var configuration = KubeletKubeconfigs.Load(yaml);
        Assert.Equal("https://127.0.0.1:6443", configuration.Host.TrimEnd('/'));
        Assert.Equal("abcdef.0123456789abcdef", configuration.AccessToken);
        Assert.Equal(ca.Thumbprint, Assert.Single(configuration.SslCaCerts).Thumbprint);
    }

    [Fact]
    public void Kubelet_csr_has_go_subject_order_and_no_extensions()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = KubeletCsrClient.CreateRequestPem(key, "worker-1");
        var request = CertificateRequest.LoadSigningRequestPem(pem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        Assert.Empty(request.CertificateExtensions);

        // DER order O then CN, as Go's pkix.Name writes it (.NET's Name string lists RDNs last-first).
        Assert.Equal("CN=system:node:worker-1, O=system:nodes", request.SubjectName.Name);
        var (code, output) = KubeletTestSupport.OpensslStdin(pem, "req", "-noout", "-subject");
        Assert.True(code == 0, output);
        Assert.Contains("subject=O=system:nodes, CN=system:node:worker-1", output.Replace(" = ", "=", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
