using System.Globalization;
using BootstrapPortal.Sandbox.Server;

namespace BootstrapPortal.Sandbox.Storage;

/// <summary>
/// A watch on one resource: <see cref="Initial"/> objects (synthetic ADDED), then the resource's retained events read through a
/// cursor. Watchers share the resource's history instead of each holding a copy of it (k8s.io/apiserver
/// pkg/storage/cacher/cache_watcher.go reads from the shared watch cache too); a watcher that falls so far behind that its
/// next event has been compacted away ends with 410 Expired, as a watch the cacher can no longer serve.
/// </summary>
internal sealed class WatchSubscription : IDisposable
{
    private readonly ResourceBucket bucket;
    private readonly Func<long> currentResourceVersion;
    private readonly ResourceDefinition resource;
    private long cursor;

    public WatchSubscription(ResourceBucket bucket, string? @namespace, IReadOnlyList<StoredObject> initial, long startResourceVersion,
        Func<long> currentResourceVersion, ResourceDefinition resource)
    {
        this.bucket = bucket;
        this.resource = resource;
        this.currentResourceVersion = currentResourceVersion;
        Namespace = @namespace;
        Initial = initial;
        StartResourceVersion = startResourceVersion;
        cursor = startResourceVersion;
    }

    public string? Namespace { get; }

    public IReadOnlyList<StoredObject> Initial { get; }

    public long StartResourceVersion { get; }

    /// <summary>The next event of this watch, or null when none is ready; 410 Expired when the events after the cursor are gone.</summary>
    public WatchEvent? TryRead()
    {
        lock (bucket.Gate)
        {
            if (cursor < bucket.CompactedThrough)
            {
                throw ApiException.Expired(string.Create(CultureInfo.InvariantCulture,
                    $"too old resource version: {cursor} ({bucket.CompactedThrough + 1})"));
            }

            for (var i = bucket.FirstAfter(cursor); i < bucket.HistoryCount; i++)
            {
                var next = bucket.HistoryAt(i);
                cursor = next.ResourceVersion;
                if (Namespace is null || next.Object.Namespace == Namespace)
                {
                    return resource.StorageResource is null ? next : next with
                    {
                        Object = StorageConversion.View(resource, next.Object),
                        Previous = StorageConversion.ViewOrNull(resource, next.Previous),
                    };
                }
            }

            return null;
        }
    }

    /// <summary>Completes when an event may be ready (or the history was compacted).</summary>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        Task next;
        lock (bucket.Gate)
        {
            if (cursor < bucket.CompactedThrough || bucket.FirstAfter(cursor) < bucket.HistoryCount)
            {
                return Task.CompletedTask;
            }

            next = bucket.NextAppend;
        }

        return next.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// The resourceVersion a bookmark may carry now: the store's current version, read under the resource's lock, when this
    /// watch has read every event of the resource up to it; null while some are unread.
    /// </summary>
    public long? BookmarkVersion()
    {
        lock (bucket.Gate)
        {
            if (cursor < bucket.CompactedThrough || bucket.FirstAfter(cursor) < bucket.HistoryCount)
            {
                return null;
            }

            cursor = Math.Max(cursor, currentResourceVersion());
            return cursor;
        }
    }

    public void Dispose()
    {
        // Nothing is held per watcher: the history is shared.
    }
}
