using System.Net;
using System.Text.Json;

namespace BootstrapPortal.Web.Tests.Api;

/// <summary>
/// The ledger's API, /metrics and pages on a real portal over Kestrel with the stuck demo node: it turns unhealthy before its
/// certificate expires, healthy nodes do not; bad parameters are 400s naming the field.
/// </summary>
public sealed class StuckNodeApiTests(StuckNodePortalFixture portal) : IClassFixture<StuckNodePortalFixture>
{
    [Fact]
    public async Task The_stuck_node_turns_unhealthy_in_the_api_the_metrics_and_the_page_while_healthy_nodes_do_not()
    {
        var stuck = await LedgerPortalFixture.EventuallyValueAsync(async () =>
        {
            var nodes = await portal.GetJsonAsync("/api/v1/nodes");
            var node = nodes.EnumerateArray().FirstOrDefault(n => n.GetProperty("name").GetString() == StuckNodePortalFixture.StuckNode);
            return node.ValueKind == JsonValueKind.Object && node.GetProperty("rotation").GetProperty("status").GetString() == "unhealthy" ? (JsonElement?)node : null;
        }, "the stuck node is unhealthy");
        var reasons = stuck.GetProperty("rotation").GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()).ToArray();
        Assert.Contains("client_renewal_pending", reasons);
        // Before its certificate expires: the node still reports Ready.
        Assert.True(stuck.GetProperty("ready").GetBoolean());

        var healthy = await LedgerPortalFixture.EventuallyAsync(async () =>
        {
            var nodes = await portal.GetJsonAsync("/api/v1/nodes");
            var others = nodes.EnumerateArray().Where(n => n.GetProperty("name").GetString() != StuckNodePortalFixture.StuckNode).ToArray();
            return others.Length == 2 && others.All(n => n.GetProperty("clientCertificate").ValueKind == JsonValueKind.Object) ? others : null;
        }, "both healthy nodes have a client certificate on record");
        Assert.All(healthy, n => Assert.NotEqual("unhealthy", n.GetProperty("rotation").GetProperty("status").GetString()));
        Assert.All(healthy, n => Assert.Matches("^[a-z0-9]{6}$", n.GetProperty("joinedWithToken").GetString()!));

        var metrics = await LedgerPortalFixture.EventuallyAsync(async () =>
        {
            var text = await portal.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            return text.Contains($"bootstrapportal_node_rotation_unhealthy{{node=\"{StuckNodePortalFixture.StuckNode}\",reason=\"client_renewal_pending\"}} 1", StringComparison.Ordinal) ? text : null;
        }, "/metrics reports the stuck node");
        foreach (var name in new[]
        {
            "bootstrapportal_certificate_expiry_timestamp_seconds{node=\"sandbox-node-1\",kind=\"client\",serial=\"",
            "bootstrapportal_csr_pending{signer=\"kubernetes.io/kube-apiserver-client-kubelet\"}",
            "bootstrapportal_csr_pending_oldest_age_seconds{signer=\"kubernetes.io/kube-apiserver-client-kubelet\"}",
            "bootstrapportal_bootstrap_token_expiry_timestamp_seconds{token_id=\"",
            "bootstrapportal_cache_synced{kind=\"nodes\"} 1",
            "bootstrapportal_ledger_synced 1",
        })
        {
            Assert.Contains(name, metrics, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("bootstrapportal_node_rotation_unhealthy{node=\"sandbox-node-1\"", metrics, StringComparison.Ordinal);

        // The pages read the shared node board, rebuilt on a ledger change or its 30 s clock: poll until it has caught up.
        var page = await PageWithAsync("/nodes", "data-testid=\"alert-unhealthy\"");
        Assert.Contains(StuckNodePortalFixture.StuckNode, page, StringComparison.Ordinal);
        Assert.Contains("data-status=\"Unhealthy\"", page, StringComparison.Ordinal);
        var overview = await PageWithAsync("/", "data-testid=\"attention-unhealthy-nodes\"");
        Assert.Contains("nodes?unhealthy=true", overview, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/certificates?kind=laptop", "kind")]
    [InlineData("/api/v1/certificates?expiringWithinDays=-3", "expiringWithinDays")]
    [InlineData("/api/v1/certificates?expiringWithinDays=soon", "expiringWithinDays")]
    [InlineData("/api/v1/certificates?node=Bad_Node%3Cscript%3E", "node")]
    [InlineData("/api/v1/nodes?status=purple", "status")]
    [InlineData("/api/v1/nodes?status=healthy,warning", "status")]
    [InlineData("/api/v1/nodes?status=1", "status")]
    [InlineData("/api/v1/certificates?kind=client,serving", "kind")]
    [InlineData("/api/v1/certificates?kind=%20client", "kind")]
    [InlineData("/api/v1/nodes/Bad_Node%3Cscript%3E/history", "name")]
    public async Task Bad_parameters_are_a_400_naming_the_field_without_echoing_it(string path, string field)
    {
        using var response = await portal.Client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(body);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), body);
        Assert.DoesNotContain("script", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("laptop", body, StringComparison.Ordinal);
        Assert.DoesNotContain("purple", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_node_is_a_404()
    {
        using var response = await portal.Client.GetAsync(new Uri("/api/v1/nodes/no-such-node/history", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("no-such-node", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Certificates_filter_by_kind_and_expiry()
    {
        await LedgerPortalFixture.EventuallyAsync(async () =>
            (await portal.GetJsonAsync("/api/v1/certificates")).GetArrayLength() > 0 ? "some" : null, "the ledger has certificates");

        var all = (await portal.GetJsonAsync("/api/v1/certificates")).EnumerateArray().ToArray();
        Assert.All(all, c =>
        {
            Assert.Matches("^[0-9A-F]+$", c.GetProperty("serialNumber").GetString()!);
            Assert.Matches("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", c.GetProperty("sha256Fingerprint").GetString()!);
            Assert.False(string.IsNullOrEmpty(c.GetProperty("csrUid").GetString()));
        });
        Assert.Empty((await portal.GetJsonAsync("/api/v1/certificates?kind=serving")).EnumerateArray());
        Assert.Equal(all.Length, (await portal.GetJsonAsync("/api/v1/certificates?kind=client")).GetArrayLength());
        // Certificates here live about 9 hours: all expire within a day, none within "0 days" (none has expired).
        Assert.Equal(all.Length, (await portal.GetJsonAsync("/api/v1/certificates?expiringWithinDays=1")).GetArrayLength());
        Assert.Equal(0, (await portal.GetJsonAsync("/api/v1/certificates?expiringWithinDays=0")).GetArrayLength());
    }

    private async Task<string> PageWithAsync(string path, string marker)
    {
        var page = string.Empty;
        for (var attempt = 0; attempt < 90; attempt++)
        {
            page = await portal.Client.GetStringAsync(new Uri(path, UriKind.Relative));
            if (page.Contains(marker, StringComparison.Ordinal))
            {
                return page;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Assert.Contains(marker, page, StringComparison.Ordinal);
        return page;
    }
}
