using System.Text.Json;
using BootstrapPortal.Core.Ledger;
using BootstrapPortal.Core.Text;
using BootstrapPortal.Web.Components.Nodes;
using BootstrapPortal.Web.Components.Shared;

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
    [InlineData(7, 7, "Jun 2")]
    [InlineData(90, 13, "Jun 8")]
    [InlineData(365, 13, "Jul 1")]
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

        Assert.Equal(["stuck-1"], board.Matching(new NodeListView { UnhealthyOnly = true }.ToListQuery()).Select(r => r.Name));
        Assert.Equal(["web-1"], board.Matching(new NodeListView { ExpiringWithinDays = 7 }.ToListQuery()).Select(r => r.Name));
        Assert.Equal(["web-2"], board.Matching(new NodeListView { Search = " ABCDEF " }.ToListQuery()).Select(r => r.Name));
        Assert.Equal(["stuck-1"], board.Matching(new NodeListView { Search = "renewal_pending" }.ToListQuery()).Select(r => r.Name));
        Assert.Equal(["stuck-1", "web-1", "web-2"], board.Matching(new NodeListView().ToListQuery()).Select(r => r.Name));
    }

    [Theory]
    [InlineData(null, false, new[] { "stuck-1", "web-1", "web-2", "web-3" })]
    [InlineData("name", true, new[] { "web-3", "web-2", "web-1", "stuck-1" })]
    [InlineData("ready", false, new[] { "web-3", "stuck-1", "web-1", "web-2" })]
    [InlineData("rotation", false, new[] { "stuck-1", "web-1", "web-2", "web-3" })]
    [InlineData("client", false, new[] { "web-1", "web-2", "stuck-1", "web-3" })]
    [InlineData("kubelet", false, new[] { "stuck-1", "web-1", "web-3", "web-2" })]
    public void Sort_columns_of_the_address_order_the_board(string? sort, bool descending, string[] expected)
    {
        var board = Board();
        var view = new NodeListView { Paging = ListPaging.Default with { Sort = sort, Descending = descending } };

        Assert.Equal(expected, board.Matching(view.ToListQuery()).Select(r => r.Name));
    }

    [Fact]
    public void A_page_beyond_the_last_moves_to_the_last_page()
    {
        var rows = Enumerable.Range(0, 60).Select(i => Row($"node-{i:D2}", client: Cert($"node-{i:D2}", Now.AddDays(i + 1)))).ToArray();
        var board = new NodeBoard(rows, Now, true, null);
        var view = new NodeListView { Paging = ListPaging.Default with { Page = 9, Sort = "name" } };

        var page = view.PageOf(board);

        Assert.Equal(3, view.Paging.Page);
        Assert.Equal(60, page.Total);
        Assert.Equal(Enumerable.Range(50, 10).Select(i => $"node-{i:D2}"), page.Rows.Select(r => r.Name));

        var far = new NodeListView { Paging = ListPaging.Default with { Page = int.MaxValue } };
        Assert.Equal(10, far.PageOf(board).Rows.Count);
        Assert.Equal(3, far.Paging.Page);
    }

    private static NodeBoard Board()
    {
        var stuck = Row("stuck-1", client: Cert("stuck-1", Now.AddDays(60)), version: "v1.31.0") with
        {
            Rotation = new RotationAssessment(RotationStatus.Unhealthy, [new RotationReason(RotationIssue.RenewalPending, CertificateKind.Client, RotationStatus.Unhealthy, CommonText.Plain("pending"))]),
        };
        return new NodeBoard(
        [
            Row("web-1", client: Cert("web-1", Now.AddDays(2)), version: "v1.32.1"),
            Row("web-2", client: Cert("web-2", Now.AddDays(40)), version: "v1.33.4") with { Ready = true },
            Row("web-3", version: "v1.33.0") with { Ready = false },
            stuck with { Ready = null },
        ], Now, true, null);
    }

    private static NodeCertificateRow Row(string name, LedgerCertificate? client = null, LedgerCertificate? serving = null, string? token = null, string? version = "v1.33.4") =>
        new(name, true, version, client, serving, null, null, RotationAssessment.Healthy, token);

    private static LedgerCertificate Cert(string node, DateTimeOffset notAfter) =>
        new("0A", "CN = ca", "CN = system:node:" + node, node, CertificateKind.Client, notAfter.AddDays(-365), notAfter, "AA", true, "csr-1", "uid", null, Now, Now);
}
