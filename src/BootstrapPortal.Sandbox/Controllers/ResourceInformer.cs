using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Sandbox.Controllers;

/// <summary>
/// List + watch of one collection with an in-memory cache (a minimal client-go informer): lists, watches from the list's
/// resourceVersion, re-watches from the last seen resourceVersion when a stream ends, re-lists after a 410/ERROR event or a
/// failure (with backoff), and reports every changed key.
/// </summary>
internal sealed class ResourceInformer<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public delegate Task<(IList<T> Items, string? ResourceVersion)> ListFunc(CancellationToken cancellationToken);

    public delegate IAsyncEnumerable<(WatchEventType Type, T Item)> WatchFunc(string resourceVersion, Action<Exception> onError, CancellationToken cancellationToken);

    private readonly ConcurrentDictionary<string, T> _cache = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _description;
    private readonly ListFunc _list;
    private readonly WatchFunc _watch;
    private readonly Action<string> _onChange;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    public ResourceInformer(string description, ListFunc list, WatchFunc watch, Action<string> onChange, ILogger logger, TimeProvider timeProvider)
    {
        _description = description;
        _list = list;
        _watch = watch;
        _onChange = onChange;
        _logger = logger;
        _timeProvider = timeProvider;
    }

    /// <summary>Completes after the first successful list.</summary>
    public Task Synced => _synced.Task;

    public T? Get(string key) => _cache.TryGetValue(key, out var value) ? value : null;

    public IReadOnlyList<T> Items => _cache.Values.ToArray();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        string? resourceVersion = null;
        var backoff = TimeSpan.FromMilliseconds(500);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                resourceVersion ??= await RelistAsync(cancellationToken);
                var relist = false;
                await foreach (var (type, item) in _watch(resourceVersion, ex => relist = true, cancellationToken))
                {
                    if (item?.Metadata is null)
                    {
                        continue;
                    }

                    resourceVersion = item.Metadata.ResourceVersion ?? resourceVersion;
                    var key = KubernetesObjects.Key(item.Metadata);
                    switch (type)
                    {
                        case WatchEventType.Added:
                        case WatchEventType.Modified:
                            _cache[key] = item;
                            _onChange(key);
                            break;
                        case WatchEventType.Deleted:
                            _cache.TryRemove(key, out _);
                            _onChange(key);
                            break;
                        default:
                            break;
                    }

                    backoff = TimeSpan.FromMilliseconds(500);
                }

                if (relist)
                {
                    _logger.LogDebug("Watch of {Collection} reported an error; re-listing", _description);
                    resourceVersion = null;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A controller must survive any failure of the API connection; it re-lists with backoff.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _logger.LogWarning("List/watch of {Collection} failed, retrying in {Delay}: {Error}", _description, backoff, ex.Message);
                resourceVersion = null;
                try
                {
                    await Task.Delay(backoff, _timeProvider, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }

    private async Task<string> RelistAsync(CancellationToken cancellationToken)
    {
        var (items, resourceVersion) = await _list(cancellationToken);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (item?.Metadata is null)
            {
                continue;
            }

            var key = KubernetesObjects.Key(item.Metadata);
            seen.Add(key);
            _cache[key] = item;
            _onChange(key);
        }

        foreach (var stale in _cache.Keys.Where(k => !seen.Contains(k)).ToArray())
        {
            _cache.TryRemove(stale, out _);
            _onChange(stale);
        }

        _synced.TrySetResult();
        return resourceVersion ?? "0";
    }
}
