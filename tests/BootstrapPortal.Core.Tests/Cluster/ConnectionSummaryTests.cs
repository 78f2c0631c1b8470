using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Cluster;

namespace BootstrapPortal.Core.Tests.Cluster;

public class ConnectionSummaryTests
{
    private static CacheStatus S(string kind, CacheState state, string? error = null, bool everSynced = false) =>
        new(kind, state, 0, null, everSynced ? DateTimeOffset.UnixEpoch : null, error, 0, 0);

    public static TheoryData<CacheStatus[], ConnectionState> Cases => new()
    {
        { [], ConnectionState.Connecting },
        { [S("nodes", CacheState.Starting), S("csrs", CacheState.Starting)], ConnectionState.Connecting },
        { [S("nodes", CacheState.Synced), S("csrs", CacheState.Starting)], ConnectionState.Connecting },
        { [S("nodes", CacheState.Synced), S("csrs", CacheState.Synced)], ConnectionState.Connected },
        { [S("nodes", CacheState.Synced), S("csrs", CacheState.Reconnecting, "HTTP 403 Forbidden", true)], ConnectionState.Degraded },
        { [S("nodes", CacheState.Starting, "connection refused"), S("csrs", CacheState.Starting, "connection refused")], ConnectionState.Disconnected },
        { [S("nodes", CacheState.Reconnecting, "connection refused", true), S("csrs", CacheState.Reconnecting, "connection refused", true)], ConnectionState.Disconnected },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void State_follows_the_caches(CacheStatus[] statuses, ConnectionState expected)
    {
        Assert.Equal(expected, ConnectionSummary.From(statuses).State);
    }

    [Fact]
    public void Degraded_names_the_failing_kinds_and_the_error()
    {
        var summary = ConnectionSummary.From([S("nodes", CacheState.Synced), S("clusterroles", CacheState.Reconnecting, "HTTP 403 Forbidden", true)]);
        Assert.Contains("clusterroles", summary.Detail, StringComparison.Ordinal);
        Assert.Contains("HTTP 403 Forbidden", summary.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void The_detail_is_english_for_health_checks_and_in_the_readers_language_on_pages()
    {
        var summary = ConnectionSummary.From([S("nodes", CacheState.Synced), S("clusterroles", CacheState.Reconnecting, "HTTP 403 Forbidden", true)]);
        Assert.Equal("1 of 2 caches failing (clusterroles): HTTP 403 Forbidden", summary.Detail);
        Assert.Equal("2 个缓存中有 1 个出错（clusterroles）：HTTP 403 Forbidden",
            new BootstrapPortal.Core.Text.PortalTextLocalizer().Localize(summary.DetailText, System.Globalization.CultureInfo.GetCultureInfo("zh-Hans")));
    }
}
