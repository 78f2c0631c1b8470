namespace BootstrapPortal.Core.Cache;

/// <summary>Where one resource cache stands in its list+watch cycle.</summary>
public enum CacheState
{
    /// <summary>The first list has not completed yet.</summary>
    Starting,

    /// <summary>Listed and watching: the cache follows the cluster.</summary>
    Synced,

    /// <summary>The watch or list failed; the cache keeps its last content and retries with backoff.</summary>
    Reconnecting,

    /// <summary>The cache was stopped.</summary>
    Stopped,
}
