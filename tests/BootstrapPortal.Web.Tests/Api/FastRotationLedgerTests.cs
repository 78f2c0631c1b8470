using System.Net;
using System.Text.Json;

namespace BootstrapPortal.Web.Tests.Api;

/// <summary>
/// The ledger on a sandbox whose certificates live seconds: renewals show up in a node's history with their decision; CSRs
/// that kubectl or csrcleaner delete keep their certificates, and the node keeps showing its own.
/// </summary>
public sealed class FastRotationLedgerTests(FastRotationPortalFixture portal) : IClassFixture<FastRotationPortalFixture>
{
    [Theory]
    [InlineData("notAfter", "asc")]
    [InlineData("notBefore", "desc")]
    public async Task A_walk_of_the_certificates_with_limit_and_continue_sees_each_exactly_once_while_renewals_add_more(string sort, string order)
    {
        var before = await LedgerPortalFixture.EventuallyValueAsync(async () =>
        {
            using var response = await portal.Client.GetAsync(new Uri("/api/v1/certificates", UriKind.Relative));
            response.EnsureSuccessStatusCode();
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            var count = body.GetArrayLength();
            Assert.Equal(count.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("X-Total-Count").Single());
            return count >= 5 ? (JsonElement?)body : null;
        }, "the ledger holds five certificates");

        var seen = new List<string>();
        var instants = new List<DateTimeOffset>();
        var path = $"/api/v1/certificates?limit=2&sort={sort}&order={order}";
        var pages = 0;
        while (true)
        {
            var page = await portal.GetJsonAsync(path);
            var items = page.GetProperty("items").EnumerateArray().ToArray();
            Assert.True(items.Length <= 2);
            Assert.True(page.GetProperty("total").GetInt32() >= before.GetArrayLength());
            seen.AddRange(items.Select(c => c.GetProperty("sha256Fingerprint").GetString()!));
            instants.AddRange(items.Select(c => c.GetProperty(sort).GetDateTimeOffset()));
            pages++;
            if (page.GetProperty("continue").GetString() is not { } next)
            {
                break;
            }

            path = "/api/v1/certificates?limit=2&continue=" + Uri.EscapeDataString(next);
        }

        Assert.True(pages >= 3, $"{pages} pages");
        Assert.Equal(seen.Count, seen.Distinct(StringComparer.Ordinal).Count());
        Assert.All(before.EnumerateArray(), c => Assert.Contains(c.GetProperty("sha256Fingerprint").GetString(), seen));
        Assert.Equal(order == "asc" ? instants.Order() : instants.OrderDescending(), instants);
    }

    [Fact]
    public async Task A_healthy_nodes_renewal_shows_in_its_history_with_the_decision()
    {
        var history = await LedgerPortalFixture.EventuallyValueAsync(async () =>
        {
            var h = await portal.GetJsonAsync("/api/v1/nodes/sandbox-node-1/history");
            return h.GetProperty("certificates").EnumerateArray().Count(c => c.GetProperty("kind").GetString() == "client") >= 2 ? (JsonElement?)h : null;
        }, "sandbox-node-1 renewed its client certificate");

        var certificates = history.GetProperty("certificates").EnumerateArray().ToArray();
        Assert.Equal(certificates.Length, certificates.Select(c => c.GetProperty("serialNumber").GetString()).Distinct().Count());
        var newest = certificates[0];
        Assert.Equal("Approved", newest.GetProperty("decision").GetProperty("type").GetString());
        Assert.Equal("AutoApproved", newest.GetProperty("decision").GetProperty("reason").GetString());
        var requests = history.GetProperty("requests").EnumerateArray().ToArray();
        Assert.Contains(requests, r => r.GetProperty("requestor").GetString()!.StartsWith("system:bootstrap:", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.GetProperty("requestor").GetString() == "system:node:sandbox-node-1" && r.GetProperty("state").GetString() == "issued");

        var page = await portal.Client.GetStringAsync(new Uri("/nodes/sandbox-node-1", UriKind.Relative));
        Assert.Contains("data-testid=\"history-certificate\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csrs_deleted_by_kubectl_and_by_the_cleaner_keep_their_certificates_and_the_node_keeps_showing_its_own()
    {
        var node = await LedgerPortalFixture.EventuallyValueAsync(async () =>
        {
            var nodes = await portal.GetJsonAsync("/api/v1/nodes");
            var n = nodes.EnumerateArray().FirstOrDefault(x => x.GetProperty("name").GetString() == "sandbox-node-2");
            return n.ValueKind == JsonValueKind.Object && n.GetProperty("clientCertificate").ValueKind == JsonValueKind.Object ? (JsonElement?)n : null;
        }, "sandbox-node-2 has a client certificate");
        var serial = node.GetProperty("clientCertificate").GetProperty("serialNumber").GetString()!;
        var certificate = (await portal.GetJsonAsync("/api/v1/certificates?node=sandbox-node-2&kind=client")).EnumerateArray()
            .Single(c => c.GetProperty("serialNumber").GetString() == serial);
        var csrName = certificate.GetProperty("csrName").GetString()!;

        var deleted = await ExternalProcess.RunAsync("/usr/bin/kubectl", ["--kubeconfig", portal.AdminKubeconfig, "delete", "csr", csrName], portal.Server.DataDirectory);
        // The cleaner may have removed it already at this clock speed; either way it is gone from the cluster.
        Assert.True(deleted.ExitCode == 0 || deleted.StdErr.Contains("NotFound", StringComparison.Ordinal), deleted.ToString());

        var request = await LedgerPortalFixture.EventuallyValueAsync(async () =>
        {
            var h = await portal.GetJsonAsync("/api/v1/nodes/sandbox-node-2/history");
            var r = h.GetProperty("requests").EnumerateArray().FirstOrDefault(x => x.GetProperty("name").GetString() == csrName);
            return r.ValueKind == JsonValueKind.Object && r.GetProperty("deletedAt").ValueKind == JsonValueKind.String ? (JsonElement?)r : null;
        }, "the ledger saw " + csrName + " deleted");
        Assert.Equal("issued", request.GetProperty("state").GetString());
        var still = (await portal.GetJsonAsync("/api/v1/certificates?node=sandbox-node-2")).EnumerateArray();
        Assert.Contains(still, c => c.GetProperty("serialNumber").GetString() == serial && c.GetProperty("csrName").GetString() == csrName);

        // At this clock speed csrcleaner deletes decided CSRs after 30 s: their certificates stay in the ledger too.
        await LedgerPortalFixture.EventuallyAsync(async () =>
        {
            var h = await portal.GetJsonAsync("/api/v1/nodes/sandbox-node-1/history");
            var gone = h.GetProperty("requests").EnumerateArray()
                .Where(r => r.GetProperty("deletedAt").ValueKind == JsonValueKind.String && r.GetProperty("state").GetString() == "issued")
                .Select(r => r.GetProperty("name").GetString())
                .ToHashSet();
            return h.GetProperty("certificates").EnumerateArray().Any(c => gone.Contains(c.GetProperty("csrName").GetString())) ? "yes" : null;
        }, "a CSR removed by csrcleaner kept its certificate", TimeSpan.FromSeconds(180));
    }
}
