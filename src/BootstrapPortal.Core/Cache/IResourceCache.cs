using k8s;
using k8s.Models;

namespace BootstrapPortal.Core.Cache;

/// <summary>A shared, watch-fed view of one resource kind.</summary>
public interface IResourceCache
{
    string Kind { get; }

    CacheStatus Status { get; }

    /// <summary>Raised after the content or the status changed. Handlers must be quick and must not throw.</summary>
    event Action? Changed;
}

/// <summary>A shared, watch-fed view of one resource kind with its items.</summary>
public interface IResourceCache<T> : IResourceCache
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>An immutable snapshot of the items.</summary>
    IReadOnlyCollection<T> Items { get; }

    T? Get(string? namespaceName, string name);

    /// <summary>Raised once per content change with the typed change. Handlers must be quick and must not throw.</summary>
    event Action<ResourceChange<T>>? ItemChanged;
}
