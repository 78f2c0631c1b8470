using System.Globalization;
using BootstrapPortal.Core.Cluster;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Flow;
using BootstrapPortal.Core.Ledger;
using BootstrapPortal.Core.Overview;
using BootstrapPortal.Core.Text;
using BootstrapPortal.Core.Tokens;

namespace BootstrapPortal.Core.Tests.Overview;

/// <summary>What the Overview says needs a person, and its two charts, from fixed inputs.</summary>
public sealed class OverviewBuilderTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 30, 0, TimeSpan.Zero);
    private static readonly RotationPolicy Policy = new(TimeSpan.FromMinutes(10), 0.8, 0.9);

    [Fact]
    public void A_healthy_cluster_has_nothing_open()
    {
        var overview = OverviewBuilder.Build(Inputs(csrs: [Csr("c1", CsrState.Issued, Now - TimeSpan.FromMinutes(30))], tokens: [Token(TokenStatus.Valid)]), Now);

        Assert.Empty(overview.Open);
        Assert.All(overview.Attention, a => Assert.StartsWith("/", a.Href, StringComparison.Ordinal));
    }

    [Fact]
    public void Pending_failing_csrs_and_risky_tokens_are_counted_with_links_to_their_filtered_lists()
    {
        var overview = OverviewBuilder.Build(Inputs(
            csrs: [Csr("old", CsrState.Pending, Now - TimeSpan.FromHours(3)), Csr("bad", CsrState.Pending, Now - TimeSpan.FromMinutes(5), fail: true)],
            tokens: [Token(TokenStatus.NeverExpires), Token(TokenStatus.ExpiringSoon), Token(TokenStatus.ExpiringSoon)]), Now);

        var open = overview.Open.ToDictionary(a => a.Id);
        Assert.Equal(2, open["pending-csrs"].Count);
        Assert.Contains("old, waiting 3h 0m", open["pending-csrs"].Detail, StringComparison.Ordinal);
        Assert.Equal("/csrs?state=Pending&sort=created&order=asc", open["pending-csrs"].Href);
        Assert.Equal(1, open["failing-csrs"].Count);
        Assert.Equal("/csrs?state=Pending&verdict=Fail", open["failing-csrs"].Href);
        Assert.Equal(1, open["never-expiring-tokens"].Count);
        Assert.Equal(2, open["expiring-tokens"].Count);
        Assert.Equal("2 tokens expire soon", open["expiring-tokens"].Title);
        var chinese = CultureInfo.GetCultureInfo("zh-Hans");
        var localizer = new PortalTextLocalizer();
        Assert.Equal("2 个引导令牌即将过期", localizer.Localize(open["expiring-tokens"].TitleText, chinese));
        Assert.Equal("最早的：old，已等待 3 小时 0 分钟。", localizer.Localize(open["pending-csrs"].DetailText, chinese));
        Assert.All(overview.Attention, a => Assert.NotEqual(a.Title, localizer.Localize(a.TitleText, chinese)));
        Assert.Equal("/tokens?status=ExpiringSoon", open["expiring-tokens"].Href);
    }

    [Fact]
    public void The_expiry_histogram_buckets_by_day_and_counts_expired_apart()
    {
        var rows = new[]
        {
            Row("a", Now + TimeSpan.FromHours(2)),
            Row("b", Now + TimeSpan.FromDays(3)),
            Row("c", Now + TimeSpan.FromDays(3) + TimeSpan.FromHours(1)),
            Row("d", Now - TimeSpan.FromDays(1)),
            Row("e", Now + TimeSpan.FromDays(200)),
        };
        var board = new NodeBoard(rows, Now, true, null);

        var buckets = OverviewBuilder.ExpiryHistogram(board, Now, out var expired);

        Assert.Equal(OverviewSnapshot.ExpiryDays, buckets.Count);
        Assert.Equal(1, buckets[0].Client);
        Assert.Equal(2, buckets[3].Client);
        Assert.Equal(3, buckets.Sum(b => b.Total));
        Assert.Equal(1, expired);
        Assert.Equal(new DateOnly(2026, 6, 4), buckets[3].Date);
    }

    [Fact]
    public void Csrs_per_hour_cover_the_last_24_hours_by_their_state()
    {
        var csrs = Snapshot(
            Csr("now", CsrState.Pending, Now - TimeSpan.FromMinutes(10)),
            Csr("hour-ago", CsrState.Issued, Now - TimeSpan.FromMinutes(70)),
            Csr("denied", CsrState.Denied, Now - TimeSpan.FromMinutes(75)),
            Csr("too-old", CsrState.Issued, Now - TimeSpan.FromHours(30)));

        var hours = OverviewBuilder.CsrsPerHour(csrs, Now);

        Assert.Equal(OverviewSnapshot.CsrHours, hours.Count);
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero), hours[^1].Start);
        Assert.Equal(1, hours[^1].ByState[CsrState.Pending]);
        Assert.Equal(1, hours[^2].ByState[CsrState.Issued]);
        Assert.Equal(1, hours[^2].ByState[CsrState.Denied]);
        Assert.Equal(3, hours.Sum(h => h.Total));
    }

    private static OverviewBuilder.Inputs Inputs(IReadOnlyList<CsrEntry> csrs, IReadOnlyList<BootstrapTokenInfo> tokens) => new(
        Snapshot([.. csrs]), tokens, new NodeBoard([], Now, true, null), BootstrapFlowSnapshot.Empty, [], null,
        new ConnectionSummary(ConnectionState.Connected, "All synced."), 0, 0, true, TimeSpan.FromDays(7));

    private static CsrCatalogSnapshot Snapshot(params CsrEntry[] entries) =>
        new(entries, new CsrVerdictContext([], new BootstrapPortal.Core.Rbac.RbacPolicy([], [], [], []), Now), Now);

    private static CsrEntry Csr(string name, CsrState state, DateTimeOffset created, bool fail = false) => new(
        new CsrView { Name = name, State = state, CreatedAt = created },
        new CsrVerdict(fail ? CsrVerdictResult.Fail : CsrVerdictResult.Pass, fail ? [CsrCheck.Fail("common-name", CommonText.Plain("claims system:admin"))] : [],
            new AutoApprovalPrediction(false, [], null, null, CommonText.Plain("No."))));

    private static BootstrapTokenInfo Token(TokenStatus status) =>
        new("abc123", "bootstrap-token-abc123", null, null, ["authentication"], [], null, false, status, null, null, [], []);

    private static NodeCertificateRow Row(string name, DateTimeOffset notAfter) => new(name, true, null,
        new LedgerCertificate("0A", "CN = kubernetes", "CN = system:node:" + name, name, CertificateKind.Client, notAfter - TimeSpan.FromDays(365), notAfter,
            "AA", true, null, null, null, Now, Now),
        null, null, null, RotationAssessment.Healthy, null);
}
