using System.Net;
using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Cluster;
using BootstrapPortal.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Web.Tests.Api;

/// <summary>
/// The portal's requests to the API server, counted by its Kubernetes client and published in /metrics: the cache lists and
/// watches each kind, and after that page views and API reads send no list at all (they read the shared cache). The portal's
/// sandbox carries a small fleet from the portal's own <c>Sandbox:Fleet</c> settings.
/// </summary>
public sealed class ApiServerRequestCountTests : IAsyncLifetime
{
    private PortalServer Server { get; } = new(new Dictionary<string, string?>
    {
        ["Sandbox:Nodes"] = "1",
        ["Sandbox:DemoMisfits"] = "false",
        ["Sandbox:Fleet:Nodes"] = "40",
        ["Sandbox:Fleet:PendingCsrs"] = "20",
        ["Sandbox:Fleet:IssuedCsrs"] = "30",
    });

    private HttpClient Client { get; set; } = null!;

    public async Task InitializeAsync()
    {
        Client = new HttpClient { BaseAddress = Server.Start(), Timeout = TimeSpan.FromMinutes(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while ((await Client.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "the portal became ready");
            await Task.Delay(200);
        }
    }

    [Fact]
    public void The_portals_fleet_settings_reach_its_sandbox()
    {
        var cache = Server.Services.GetRequiredService<ClusterCache>();
        Assert.True(cache.Nodes.Count >= 40, $"the cache holds {cache.Nodes.Count} nodes");
        Assert.True(cache.CertificateSigningRequests.Count >= 50, $"the cache holds {cache.CertificateSigningRequests.Count} CSRs");
    }

    [Fact]
    public async Task Page_views_and_api_reads_after_sync_send_no_list_requests()
    {
        var counter = Server.Services.GetRequiredService<KubernetesRequestCounter>();
        var before = counter.Counts;
        Assert.True(before.GetValueOrDefault(new KubernetesRequestKind("list", "certificatesigningrequests")) >= 1, "the cache listed CSRs");
        Assert.True(before.GetValueOrDefault(new KubernetesRequestKind("watch", "certificatesigningrequests")) >= 1, "the cache watches CSRs");

        foreach (var path in new[] { "/csrs", "/tokens", "/nodes", "/", "/api/v1/csrs", "/api/v1/bootstrap-tokens", "/api/v1/nodes" })
        {
            using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var after = counter.Counts;
        var lists = after.Where(kv => kv.Key.Verb == "list").Sum(kv => kv.Value) - before.Where(kv => kv.Key.Verb == "list").Sum(kv => kv.Value);
        Assert.Equal(0, lists);

        var metrics = await Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("bootstrapportal_kubernetes_requests_total{verb=\"list\",resource=\"certificatesigningrequests\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("bootstrapportal_kubernetes_requests_total{verb=\"watch\",resource=\"nodes\"}", metrics, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
