using System.Text.Json.Serialization;
using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Text;

namespace BootstrapPortal.Core.Cluster;

/// <summary>The cluster connection as one word for the app bar, derived from the cache statuses.</summary>
public enum ConnectionState
{
    Connecting,
    Connected,
    Degraded,
    Disconnected,
}

/// <summary>
/// A pure reading of the cache statuses: what the app bar and /readyz say about the cluster. <see cref="DetailText"/> is for
/// people (in their language), <see cref="Detail"/> is the same in English (health checks, logs).
/// </summary>
public sealed record ConnectionSummary(ConnectionState State, [property: JsonIgnore] PortalText DetailText)
{
    /// <summary>A summary whose detail is a text that is not one of ours (shown as it is).</summary>
    public ConnectionSummary(ConnectionState state, string detail)
        : this(state, CommonText.Plain(detail))
    {
    }

    /// <summary>The detail in English.</summary>
    public string Detail => DetailText.ToString();

    public static ConnectionSummary From(IReadOnlyCollection<CacheStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        if (statuses.Count == 0)
        {
            return new ConnectionSummary(ConnectionState.Connecting, ConnectionText.NoCaches.Text);
        }

        var failing = statuses.Where(s => s.LastError is not null && s.State != CacheState.Synced).ToArray();
        var synced = statuses.Count(s => s.State == CacheState.Synced);
        if (synced == statuses.Count)
        {
            return new ConnectionSummary(ConnectionState.Connected, ConnectionText.AllSynced.With(statuses.Count));
        }

        if (failing.Length == statuses.Count)
        {
            var first = failing[0];
            return new ConnectionSummary(ConnectionState.Disconnected, ConnectionText.CannotReach.With(first.LastError ?? string.Empty));
        }

        if (failing.Length > 0)
        {
            var names = string.Join(", ", failing.Select(f => f.Kind));
            return new ConnectionSummary(ConnectionState.Degraded,
                ConnectionText.SomeFailing.With(failing.Length, statuses.Count, names, failing[0].LastError ?? string.Empty));
        }

        return new ConnectionSummary(ConnectionState.Connecting, ConnectionText.SomeSynced.With(synced, statuses.Count));
    }
}
