namespace BootstrapPortal.Core.Cache;

/// <summary>What happened to a cache's content.</summary>
public enum ResourceChangeType
{
    Added,
    Modified,
    Deleted,

    /// <summary>The cache (re)listed: its whole content was replaced; read <see cref="IResourceCache{T}.Items"/>.</summary>
    Reset,
}

/// <summary>
/// One typed change of a cache, raised after the snapshot was updated. <see cref="Item"/> is the new state (the last state
/// for <see cref="ResourceChangeType.Deleted"/>), <see cref="Previous"/> the state it replaced; both are null for a reset.
/// </summary>
public sealed record ResourceChange<T>(ResourceChangeType Type, T? Item, T? Previous)
    where T : class;
