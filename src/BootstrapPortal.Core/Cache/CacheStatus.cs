namespace BootstrapPortal.Core.Cache;

/// <summary>A snapshot of one cache's health, for readiness and the UI.</summary>
public sealed record CacheStatus(
    string Kind,
    CacheState State,
    int Count,
    string? ResourceVersion,
    DateTimeOffset? LastSyncedAt,
    string? LastError,
    int Relists,
    int Reconnects)
{
    public bool IsSynced => State == CacheState.Synced;
}
