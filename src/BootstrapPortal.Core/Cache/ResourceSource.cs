using k8s;

namespace BootstrapPortal.Core.Cache;

/// <summary>Lists one page of a resource kind.</summary>
public delegate Task<ResourcePage<T>> ListPageFunc<T>(IKubernetes client, string? continueToken, int limit, CancellationToken cancellationToken);

/// <summary>Opens a watch on a resource kind from a resourceVersion; stream errors (such as 410 Expired) go to <paramref name="onError"/>.</summary>
public delegate IAsyncEnumerable<(WatchEventType Type, T Item)> WatchFunc<T>(
    IKubernetes client, string resourceVersion, int timeoutSeconds, Action<Exception> onError, CancellationToken cancellationToken);

/// <summary>How to list and watch one resource kind.</summary>
public sealed record ResourceSource<T>(string Kind, ListPageFunc<T> List, WatchFunc<T> Watch);
