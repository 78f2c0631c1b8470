using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BootstrapPortal.Tests.Shared;
using BootstrapPortal.Web.Hosting;
using k8s;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Web.Tests.Authentication;

/// <summary>
/// Bulk approval with bearer tokens from the test provider: a viewer's call is a 403 naming the role it needs and leaves the
/// CSR pending; an approver's approves it.
/// </summary>
public sealed class CsrBulkApprovalRoleTests(OidcPortalFixture fixture) : IClassFixture<OidcPortalFixture>
{
    private static readonly Uri BulkApprove = new("/api/v1/csrs/approve", UriKind.Relative);

    [Fact]
    public async Task A_viewer_gets_403_and_changes_nothing_an_approver_approves()
    {
        var cluster = fixture.Server.Services.GetRequiredService<SandboxClusterHost>().Cluster;
        using var admin = new Kubernetes(cluster.CreateAdminConfiguration());
        k8s.Models.V1Node? node = null;
        for (var i = 0; i < 600 && node is null; i++)
        {
            node = (await admin.CoreV1.ListNodeAsync()).Items.FirstOrDefault(n => n.Status?.Addresses?.Any(a => a.Type == "InternalIP") == true);
            if (node is null)
            {
                await Task.Delay(100);
            }
        }

        Assert.NotNull(node);
        var nodeName = node.Metadata.Name;
        using var nodeClient = new Kubernetes(cluster.CreateClientConfiguration("system:node:" + nodeName, "system:nodes"));
        var name = await ServingCsrs.CreatePendingAsync(nodeClient, nodeName, [node.Status.Addresses.First(a => a.Type == "InternalIP").Address]);

        using var viewer = await fixture.ScriptClientAsync("script-viewer");
        using (var refused = await viewer.PostAsJsonAsync(BulkApprove, new { names = new[] { name }, reason = "viewer tries" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Equal("Approver", problem.RootElement.GetProperty("requiredRole").GetString());
        }

        Assert.Empty((await admin.CertificatesV1.ReadCertificateSigningRequestAsync(name)).Status?.Conditions ?? []);

        using var approver = await fixture.ScriptClientAsync("script-approver");
        JsonElement item = default;
        for (var i = 0; i < 600; i++)
        {
            // The cache may not have the new CSR yet: the service then reads it, so one call is enough once it exists.
            using var approved = await approver.PostAsJsonAsync(BulkApprove, new { names = new[] { name }, reason = "approver approves" });
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
            item = JsonDocument.Parse(await approved.Content.ReadAsStringAsync()).RootElement.GetProperty("items")[0].Clone();
            if (item.GetProperty("outcome").GetString() != "NotFound")
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal("Approved", item.GetProperty("outcome").GetString());
        Assert.Contains((await admin.CertificatesV1.ReadCertificateSigningRequestAsync(name)).Status.Conditions, c => c.Type == "Approved");
    }
}
