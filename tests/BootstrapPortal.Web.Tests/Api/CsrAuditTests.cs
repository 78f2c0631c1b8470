using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Web.Tests.Api;

/// <summary>The audit trail (structured log events) records an override of a failing verdict with its reason and failing checks.</summary>
public sealed class CsrAuditTests(LoggedPortalFixture fixture) : IClassFixture<LoggedPortalFixture>
{
    [Fact]
    public async Task An_override_is_audited_with_the_reason_and_the_failing_checks()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = new CertificateRequest(new X500DistinguishedName("CN=system:kube-controller-manager"), key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
        var kubernetes = fixture.Services.GetRequiredService<IKubernetes>();
        var created = await kubernetes.CertificatesV1.CreateCertificateSigningRequestAsync(new V1CertificateSigningRequest
        {
            Metadata = new V1ObjectMeta { GenerateName = "csr-audit-" },
            Spec = new V1CertificateSigningRequestSpec { Request = Encoding.ASCII.GetBytes(pem), SignerName = "kubernetes.io/kube-apiserver-client", Usages = ["digital signature", "client auth"] },
        });
        var name = created.Metadata.Name;
        HttpStatusCode status = default;
        for (var i = 0; i < 300; i++)
        {
            using var response = await fixture.Client.PostAsJsonAsync(new Uri($"/api/v1/csrs/{name}/approve", UriKind.Relative),
                new { reason = "replacing the controller-manager credential", @override = true });
            status = response.StatusCode;
            if (status != HttpStatusCode.NotFound)
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal(HttpStatusCode.OK, status);
        var line = Assert.Single(fixture.LogLines(), l => l.Contains("AuditAction=\"csr.approve\"", StringComparison.Ordinal) && l.Contains(name, StringComparison.Ordinal));
        Assert.Contains("AuditOutcome=Succeeded", line, StringComparison.Ordinal);
        Assert.Contains("replacing the controller-manager credential", line, StringComparison.Ordinal);
        Assert.Contains("override of a failing verdict; failing checks: [common-name]", line, StringComparison.Ordinal);
    }
}
