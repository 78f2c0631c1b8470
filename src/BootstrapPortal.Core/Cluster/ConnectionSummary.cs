using BootstrapPortal.Core.Cache;

namespace BootstrapPortal.Core.Cluster;

/// <summary>The cluster connection as one word for the app bar, derived from the cache statuses.</summary>
public enum ConnectionState
{
    Connecting,
    Connected,
    Degraded,
    Disconnected,
}

/// <summary>A pure reading of the cache statuses: what the app bar and /readyz say about the cluster.</summary>
public sealed record ConnectionSummary(ConnectionState State, string Detail)
{
    public static ConnectionSummary From(IReadOnlyCollection<CacheStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        if (statuses.Count == 0)
        {
            return new ConnectionSummary(ConnectionState.Connecting, "No caches are running yet.");
        }

        var failing = statuses.Where(s => s.LastError is not null && s.State != CacheState.Synced).ToArray();
        var synced = statuses.Count(s => s.State == CacheState.Synced);
        if (synced == statuses.Count)
        {
            return new ConnectionSummary(ConnectionState.Connected, $"All {statuses.Count} caches synced.");
        }

        if (failing.Length == statuses.Count)
        {
            var first = failing[0];
            return new ConnectionSummary(ConnectionState.Disconnected, $"Cannot reach the cluster: {first.LastError}");
        }

        if (failing.Length > 0)
        {
            var names = string.Join(", ", failing.Select(f => f.Kind));
            return new ConnectionSummary(ConnectionState.Degraded, $"{failing.Length} of {statuses.Count} caches failing ({names}): {failing[0].LastError}");
        }

        return new ConnectionSummary(ConnectionState.Connecting, $"{synced} of {statuses.Count} caches synced.");
    }
}
