using System.Collections.Immutable;
using System.Net;
using BootstrapPortal.Core.Cluster;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Core.Cache;

/// <summary>
/// Keeps one resource kind in memory with list+watch, the way client-go's reflector does: list (paged) into a fresh snapshot,
/// watch from the list's resourceVersion, resume the watch from the last seen resourceVersion when it ends or breaks,
/// re-list when the server answers 410 Expired, and retry with exponential backoff when the cluster cannot be reached.
/// One instance serves every user; readers get immutable snapshots.
/// </summary>
public sealed class ResourceInformer<T> : IResourceCache<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ResourceSource<T> _source;
    private readonly InformerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly object _statusLock = new();
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Snapshot _snapshot = new(ImmutableDictionary<string, T>.Empty.WithComparers(StringComparer.Ordinal));
    private CacheStatus _status;

    public ResourceInformer(ResourceSource<T> source, InformerOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _status = new CacheStatus(source.Kind, CacheState.Starting, 0, null, null, null, 0, 0);
    }

    public event Action? Changed;

    /// <summary>
    /// Raised once per content change with the typed change (before <see cref="Changed"/>). Handlers must be quick and must not throw.
    /// </summary>
    public event Action<ResourceChange<T>>? ItemChanged;

    public string Kind => _source.Kind;

    /// <summary>Completes after the first successful list.</summary>
    public Task Synced => _synced.Task;

    public CacheStatus Status => Volatile.Read(ref _status);

    /// <summary>An immutable snapshot of the items; the same instance until the content changes.</summary>
    public IReadOnlyCollection<T> Items => Volatile.Read(ref _snapshot).Items;

    /// <summary>How many items the cache holds.</summary>
    public int Count => Volatile.Read(ref _snapshot).Map.Count;

    public T? Get(string? namespaceName, string name) =>
        Volatile.Read(ref _snapshot).Map.TryGetValue(Key(namespaceName, name), out var item) ? item : null;

    /// <summary>Runs the list+watch loop until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var backoff = _options.InitialBackoff;
        string? resourceVersion = null;
        var needList = true;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    if (needList)
                    {
                        resourceVersion = await ListAllAsync(client, cancellationToken);
                        needList = false;
                    }

                    var outcome = await WatchAsync(client, resourceVersion!, cancellationToken);
                    resourceVersion = outcome.ResourceVersion;
                    if (outcome.Error is KubernetesException { Status.Code: (int)HttpStatusCode.Gone } gone)
                    {
                        _logger.LogInformation("Watch of {Kind} expired ({Message}); listing again", Kind, gone.Status?.Message);
                        needList = true;
                        UpdateStatus(s => s with { Relists = s.Relists + 1 });
                        continue;
                    }

                    if (outcome.Error is not null)
                    {
                        throw outcome.Error;
                    }

                    backoff = _options.InitialBackoff;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.Gone)
                {
                    _logger.LogInformation("List of {Kind} expired; listing again from the start", Kind);
                    needList = true;
                    UpdateStatus(s => s with { Relists = s.Relists + 1 });
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    var message = KubernetesErrors.Describe(ex);
                    _logger.LogWarning("Cache of {Kind} lost the cluster: {Error}; retrying in {Delay}", Kind, message, backoff);
                    UpdateStatus(s => s with
                    {
                        State = s.LastSyncedAt is null ? CacheState.Starting : CacheState.Reconnecting,
                        LastError = message,
                        Reconnects = s.Reconnects + 1,
                    });
                    needList |= resourceVersion is null;
                    await Task.Delay(Jitter(backoff), _time, cancellationToken);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            UpdateStatus(s => s with { State = CacheState.Stopped });
        }
    }

    private async Task<string> ListAllAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, T>(StringComparer.Ordinal);
        string? continueToken = null;
        string? listVersion;
        do
        {
            var page = await _source.List(client, continueToken, _options.PageSize, cancellationToken);
            foreach (var item in page.Items)
            {
                if (item?.Metadata?.Name is { Length: > 0 } name)
                {
                    builder[Key(item.Metadata.NamespaceProperty, name)] = item;
                }
            }

            listVersion = page.ResourceVersion;
            continueToken = string.IsNullOrEmpty(page.Continue) ? null : page.Continue;
        }
        while (continueToken is not null);

        Volatile.Write(ref _snapshot, new Snapshot(builder.ToImmutable()));
        RaiseItemChanged(new ResourceChange<T>(ResourceChangeType.Reset, null, null));
        _synced.TrySetResult();
        var now = _time.GetUtcNow();
        UpdateStatus(s => s with
        {
            State = CacheState.Synced,
            Count = builder.Count,
            ResourceVersion = listVersion,
            LastSyncedAt = now,
            LastError = null,
        });
        _logger.LogInformation("Cache of {Kind} listed {Count} items at resourceVersion {ResourceVersion}", Kind, builder.Count, listVersion);
        return listVersion ?? "0";
    }

    private async Task<WatchOutcome> WatchAsync(IKubernetes client, string resourceVersion, CancellationToken cancellationToken)
    {
        Exception? streamError = null;
        var timeout = (int)(_options.MinWatchTimeout.TotalSeconds * (1 + Random.Shared.NextDouble()));
        var current = resourceVersion;
        await foreach (var (type, item) in _source.Watch(client, resourceVersion, timeout, e => streamError ??= e, cancellationToken))
        {
            if (item?.Metadata is null)
            {
                continue;
            }

            if (!string.IsNullOrEmpty(item.Metadata.ResourceVersion))
            {
                current = item.Metadata.ResourceVersion;
            }

            switch (type)
            {
                case WatchEventType.Added:
                case WatchEventType.Modified:
                    if (!string.IsNullOrEmpty(item.Metadata.Name))
                    {
                        // Only this loop writes the snapshot, so a read-modify-write needs no lock.
                        var key = Key(item.Metadata.NamespaceProperty, item.Metadata.Name);
                        var before = Volatile.Read(ref _snapshot).Map;
                        var previous = before.TryGetValue(key, out var old) ? old : null;
                        Volatile.Write(ref _snapshot, new Snapshot(before.SetItem(key, item)));
                        RaiseItemChanged(new ResourceChange<T>(previous is null ? ResourceChangeType.Added : ResourceChangeType.Modified, item, previous));
                    }

                    break;
                case WatchEventType.Deleted:
                    if (!string.IsNullOrEmpty(item.Metadata.Name))
                    {
                        var key = Key(item.Metadata.NamespaceProperty, item.Metadata.Name);
                        var before = Volatile.Read(ref _snapshot).Map;
                        if (before.TryGetValue(key, out var previous))
                        {
                            Volatile.Write(ref _snapshot, new Snapshot(before.Remove(key)));
                            RaiseItemChanged(new ResourceChange<T>(ResourceChangeType.Deleted, item, previous));
                        }
                    }

                    break;
                case WatchEventType.Bookmark:
                case WatchEventType.Error:
                default:
                    break;
            }

            var count = Volatile.Read(ref _snapshot).Map.Count;
            var version = current;
            UpdateStatus(s => s with { State = CacheState.Synced, Count = count, ResourceVersion = version, LastError = null });
        }

        if (streamError is null)
        {
            UpdateStatus(s => s with { State = s.LastSyncedAt is null ? s.State : CacheState.Synced });
        }

        return new WatchOutcome(current, streamError);
    }

    private void UpdateStatus(Func<CacheStatus, CacheStatus> change)
    {
        lock (_statusLock)
        {
            _status = change(_status);
        }

        RaiseChanged();
    }

    private void RaiseChanged()
    {
        var handlers = Changed;
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<Action>())
        {
            try
            {
                handler();
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "A subscriber of the {Kind} cache failed", Kind);
            }
        }
    }

    private void RaiseItemChanged(ResourceChange<T> change)
    {
        var handlers = ItemChanged;
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<Action<ResourceChange<T>>>())
        {
            try
            {
                handler(change);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "A subscriber of the {Kind} cache failed", Kind);
            }
        }
    }

    private static TimeSpan Jitter(TimeSpan delay) => delay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)Math.Max(1, delay.TotalMilliseconds / 4)));

    private static string Key(string? namespaceName, string name) => string.IsNullOrEmpty(namespaceName) ? name : namespaceName + "/" + name;

    /// <summary>The items as a map and, computed once on first read, as an array shared by every reader.</summary>
    private sealed class Snapshot(ImmutableDictionary<string, T> map)
    {
        private T[]? _items;

        public ImmutableDictionary<string, T> Map { get; } = map;

        public IReadOnlyCollection<T> Items => Volatile.Read(ref _items) ?? Materialize();

        private T[] Materialize()
        {
            var items = Map.Values.ToArray();
            Interlocked.CompareExchange(ref _items, items, null);
            return Volatile.Read(ref _items)!;
        }
    }

    private readonly record struct WatchOutcome(string ResourceVersion, Exception? Error);
}
