using System.Text.Json;
using BootstrapPortal.Core.Ledger;
using BootstrapPortal.Core.Text;
using BootstrapPortal.Web.Components.Nodes;

namespace BootstrapPortal.Web.Tests.Components;

public sealed class NodeListViewTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Csv_quotes_fields_and_neutralises_formulas()
    {
        var row = Row("node-a", client: Cert("node-a", Now.AddDays(3)), token: "=cmd|' /C calc'!A0", version: "v1.33.4, \"patched\"");

        var csv = NodeListView.ToCsv([row]);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(2, lines.Length);
        Assert.StartsWith("name,ready,kubelet_version,client_serial,client_not_after", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"v1.33.4, \"\"patched\"\"\"", lines[1], StringComparison.Ordinal);
        Assert.Contains(",'=cmd|' /C calc'!A0", lines[1], StringComparison.Ordinal);
        Assert.Contains("2026-06-04T00:00:00Z", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Json_export_has_the_api_shape()
    {
        var json = NodeListView.ToJson([Row("node-a", client: Cert("node-a", Now.AddDays(3)))]);

        using var document = JsonDocument.Parse(json);
        var node = Assert.Single(document.RootElement.EnumerateArray().ToArray());
        Assert.Equal("node-a", node.GetProperty("name").GetString());
        Assert.Equal("0A", node.GetProperty("clientCertificate").GetProperty("serialNumber").GetString());
        Assert.Equal(JsonValueKind.Null, node.GetProperty("servingCertificate").ValueKind);
        Assert.Equal("healthy", node.GetProperty("rotation").GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(1, 24, "01:00")]
    [InlineData(7, 7, "06-02")]
    [InlineData(90, 13, "06-08")]
    [InlineData(365, 13, "07-01")]
    public void Timeline_buckets_by_hour_day_week_or_month(int days, int buckets, string secondLabelOrEmpty)
    {
        var rows = new[]
        {
            Row("a", client: Cert("a", Now.AddHours(-1))),
            Row("b", client: Cert("b", Now.AddHours(1.5))),
            Row("c", client: Cert("c", Now.AddDays(400))),
        };

        var timeline = NodeListView.Timeline(rows, Now, TimeSpan.FromDays(days));

        Assert.Equal(buckets, timeline.Labels.Length);
        Assert.Equal(buckets, timeline.Client.Length);
        Assert.Equal(2, timeline.Total);
        Assert.True(timeline.Labels[1] == secondLabelOrEmpty || timeline.Labels[1].Length == 0);
        Assert.True(timeline.Labels.Count(l => l.Length > 0) <= 13);
    }

    [Fact]
    public void The_default_horizon_reaches_the_last_expiry_within_one_day_and_a_year()
    {
        Assert.Equal(TimeSpan.FromDays(1), NodeListView.DefaultHorizon([Row("a", client: Cert("a", Now.AddHours(8)))], Now));
        Assert.Equal(TimeSpan.FromDays(31), NodeListView.DefaultHorizon([Row("a", client: Cert("a", Now.AddDays(30.5)))], Now));
        Assert.Equal(TimeSpan.FromDays(365), NodeListView.DefaultHorizon([Row("a", serving: Cert("a", Now.AddDays(900)))], Now));
        Assert.Equal(TimeSpan.FromDays(90), NodeListView.DefaultHorizon([Row("a")], Now));
    }

    [Fact]
    public void Filters_search_expiry_and_health()
    {
        var unhealthy = Row("stuck-1") with
        {
            Rotation = new RotationAssessment(RotationStatus.Unhealthy, [new RotationReason(RotationIssue.RenewalPending, CertificateKind.Client, RotationStatus.Unhealthy, CommonText.Plain("pending"))]),
        };
        var board = new NodeBoard([Row("web-1", client: Cert("web-1", Now.AddDays(2))), Row("web-2", client: Cert("web-2", Now.AddDays(40)), token: "abcdef"), unhealthy], Now, true, null);

        Assert.Equal(["stuck-1"], new NodeListView { UnhealthyOnly = true }.Query.Apply(board).Select(r => r.Name));
        Assert.Equal(["web-1"], new NodeListView { ExpiringWithinDays = 7 }.Query.Apply(board).Select(r => r.Name));
        Assert.Equal(["web-2"], new NodeListView { Search = " ABCDEF " }.Query.Apply(board).Select(r => r.Name));
        Assert.Equal(["stuck-1"], new NodeListView { Search = "renewal_pending" }.Query.Apply(board).Select(r => r.Name));
        Assert.Equal(["stuck-1", "web-1", "web-2"], new NodeListView().Query.Apply(board).Select(r => r.Name));
    }

    private static NodeCertificateRow Row(string name, LedgerCertificate? client = null, LedgerCertificate? serving = null, string? token = null, string? version = "v1.33.4") =>
        new(name, true, version, client, serving, null, null, RotationAssessment.Healthy, token);

    private static LedgerCertificate Cert(string node, DateTimeOffset notAfter) =>
        new("0A", "CN = ca", "CN = system:node:" + node, node, CertificateKind.Client, notAfter.AddDays(-365), notAfter, "AA", true, "csr-1", "uid", null, Now, Now);
}
