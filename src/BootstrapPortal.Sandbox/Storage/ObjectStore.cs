using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using BootstrapPortal.Sandbox.Server;

namespace BootstrapPortal.Sandbox.Storage;

/// <summary>
/// The sandbox's etcd and watch cache. One global resourceVersion counter (etcd's revision); the objects of each resource
/// live in their own <see cref="ResourceBucket"/> with its own lock and event history, so that reads, writes, lists and
/// watches of one kind cost nothing for the others. A resourceVersion is taken and its object committed under the bucket's
/// lock, so a reader holding that lock sees every write of the kind up to the counter's value.
/// Stored JSON is immutable (<see cref="JsonElement"/>); writers get a fresh <see cref="JsonObject"/> to modify.
/// </summary>
internal sealed class ObjectStore
{
    private const string GenerateNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";
    private readonly ConcurrentDictionary<string, ResourceBucket> buckets = new(StringComparer.Ordinal);
    private readonly TimeProvider timeProvider;
    private long resourceVersion;
    private long watchCacheStart = -1;

    public ObjectStore(TimeProvider timeProvider, int historyCapacity)
    {
        this.timeProvider = timeProvider;
        HistoryCapacity = historyCapacity;
    }

    /// <summary>How many events of each resource are retained (at least) for watch resume and paginated lists.</summary>
    public int HistoryCapacity { get; set; }

    /// <summary>Raised after any write (outside the resource's lock); used to invalidate caches.</summary>
    public event Action<ResourceDefinition>? Changed;

    public long CurrentResourceVersion => Interlocked.Read(ref resourceVersion);

    /// <summary>The oldest resourceVersion of <paramref name="resource"/> still reconstructible (events after it are retained).</summary>
    public long CompactedThrough(ResourceDefinition resource)
    {
        var bucket = Bucket(resource);
        lock (bucket.Gate)
        {
            return bucket.CompactedThrough;
        }
    }

    /// <summary>How many objects of <paramref name="resource"/> are stored.</summary>
    public int Count(ResourceDefinition resource)
    {
        var bucket = Bucket(resource);
        lock (bucket.Gate)
        {
            return bucket.Count;
        }
    }

    public StoredObject? Get(ResourceDefinition resource, string? @namespace, string name)
    {
        var bucket = Bucket(resource);
        lock (bucket.Gate)
        {
            return StorageConversion.ViewOrNull(resource, bucket.Get(Key(@namespace, name)));
        }
    }

    /// <summary>Current objects (optionally in one namespace) ordered by key, and the list resourceVersion.</summary>
    public (IReadOnlyList<StoredObject> Items, long ResourceVersion) List(ResourceDefinition resource, string? @namespace)
    {
        var bucket = Bucket(resource);
        lock (bucket.Gate)
        {
            return (StorageConversion.View(resource, InNamespace(bucket.Sorted(), @namespace)), CurrentResourceVersion);
        }
    }

    /// <summary>
    /// The objects as they were at <paramref name="atResourceVersion"/> (undoing retained events of the resource), or null when
    /// that point has been compacted away.
    /// </summary>
    public IReadOnlyList<StoredObject>? ListAt(ResourceDefinition resource, string? @namespace, long atResourceVersion)
    {
        var bucket = Bucket(resource);
        lock (bucket.Gate)
        {
            if (atResourceVersion < bucket.CompactedThrough || atResourceVersion > CurrentResourceVersion)
            {
                return null;
            }

            var first = bucket.FirstAfter(atResourceVersion);
            if (first == bucket.HistoryCount)
            {
                return StorageConversion.View(resource, InNamespace(bucket.Sorted(), @namespace));
            }

            var state = new SortedDictionary<string, StoredObject>(StringComparer.Ordinal);
            foreach (var item in bucket.Sorted())
            {
                state[item.Key] = item;
            }

            for (var i = bucket.HistoryCount - 1; i >= first; i--)
            {
                var e = bucket.HistoryAt(i);
                if (e.Previous is null)
                {
                    state.Remove(e.Object.Key);
                }
                else
                {
                    state[e.Previous.Key] = e.Previous;
                }
            }

            return StorageConversion.View(resource, InNamespace([.. state.Values], @namespace));
        }
    }

    /// <summary>
    /// Creates an object; the store fills metadata.name (from generateName when empty), uid, creationTimestamp and
    /// resourceVersion. <paramref name="validate"/> runs under the resource's lock once the name is known.
    /// </summary>
    public StoredObject Create(ResourceDefinition resource, string? @namespace, JsonObject obj, Action<JsonObject>? validate = null)
    {
        var bucket = Bucket(resource);
        var storage = StorageConversion.StorageOf(resource);
        obj = StorageConversion.ToStorage(resource, obj);
        StoredObject stored;
        lock (bucket.Gate)
        {
            var name = PrepareCreate(bucket, storage, @namespace, obj);
            validate?.Invoke(obj);
            stored = Store(bucket, storage, @namespace, name, obj);
            Record(bucket, "ADDED", stored, null);
        }

        Changed?.Invoke(storage);
        return StorageConversion.View(resource, stored);
    }

    /// <summary>
    /// What <see cref="Create"/> would store, without storing it (<c>dryRun=All</c>): name generated, uid and creationTimestamp
    /// set, no resourceVersion; 404 for a missing namespace and 409 for an existing name, like the dry-run storage of the generic
    /// registry (k8s.io/apiserver pkg/registry/generic/registry/dryrun.go).
    /// </summary>
    public JsonObject DryRunCreate(ResourceDefinition resource, string? @namespace, JsonObject obj)
    {
        var bucket = Bucket(resource);
        lock (bucket.Gate)
        {
            var converted = StorageConversion.ToStorage(resource, obj);
            PrepareCreate(bucket, StorageConversion.StorageOf(resource), @namespace, converted);
            ((JsonObject)converted["metadata"]!).Remove("resourceVersion");
            return StorageConversion.FromStorage(resource, converted);
        }
    }

    /// <summary>
    /// Stores objects built outside the store in one go, as if each had been created through the API (one resourceVersion
    /// each, in order), keeping the uid and creationTimestamp they carry. Only before <see cref="StartWatchCache"/>: like
    /// objects that were in etcd when kube-apiserver started, they are not in the watch history. <paramref name="build"/>
    /// receives the resourceVersion of each object and may run in parallel.
    /// </summary>
    public void Preload(ResourceDefinition resource, int count, Func<int, long, (string? Namespace, string Name, JsonElement Json)> build)
    {
        if (Interlocked.Read(ref watchCacheStart) >= 0)
        {
            throw new InvalidOperationException("Objects can only be preloaded before the watch cache starts.");
        }

        var bucket = Bucket(resource);
        var first = Interlocked.Add(ref resourceVersion, count) - count + 1;
        var built = new StoredObject[count];
        Parallel.For(0, count, i =>
        {
            var (ns, name, json) = build(i, first + i);
            built[i] = new StoredObject(resource, resource.Namespaced ? ns : null, name, first + i, json);
        });
        lock (bucket.Gate)
        {
            foreach (var stored in built)
            {
                if (bucket.Contains(stored.Key))
                {
                    throw new InvalidOperationException($"Preloaded {resource.Plural} {stored.Key} twice.");
                }

                bucket.Put(stored);
            }
        }

        Changed?.Invoke(resource);
    }

    private string PrepareCreate(ResourceBucket bucket, ResourceDefinition resource, string? @namespace, JsonObject obj)
    {
        var metadata = obj["metadata"] as JsonObject ?? new JsonObject();
        obj["metadata"] = metadata;
        if (resource.Namespaced)
        {
            metadata["namespace"] = @namespace;

            // Lock order is always resource → namespaces (namespace writes never take another resource's lock).
            if (Get(ResourceCatalog.Namespaces, null, @namespace!) is null)
            {
                throw ApiException.NotFound(ResourceCatalog.Namespaces, @namespace!);
            }
        }
        else
        {
            metadata.Remove("namespace");
        }

        var name = metadata["name"]?.GetValue<string>() ?? string.Empty;
        if (name.Length == 0)
        {
            var prefix = metadata["generateName"]?.GetValue<string>() ?? string.Empty;
            if (prefix.Length > 58)
            {
                prefix = prefix[..58];
            }

            for (var attempt = 0; ; attempt++)
            {
                name = prefix + RandomSuffix();
                if (!bucket.Contains(Key(@namespace, name)))
                {
                    break;
                }

                if (attempt > 8)
                {
                    throw ApiException.AlreadyExists(resource, name);
                }
            }

            metadata["name"] = name;
        }

        if (bucket.Contains(Key(@namespace, name)))
        {
            throw ApiException.AlreadyExists(resource, name);
        }

        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = FormatTime(timeProvider.GetUtcNow());
        metadata.Remove("deletionTimestamp");
        metadata.Remove("deletionGracePeriodSeconds");
        return name;
    }

    /// <summary>
    /// Updates an object under the resource's lock: <paramref name="mutate"/> receives the current object and returns the new
    /// JSON (or throws). A result identical to the stored JSON is a no-op (resourceVersion unchanged), like the real server.
    /// An object with deletionTimestamp whose finalizers become empty is deleted.
    /// </summary>
    public StoredObject Update(ResourceDefinition resource, string? @namespace, string name, Func<StoredObject, JsonObject> mutate)
    {
        var bucket = Bucket(resource);
        var storage = StorageConversion.StorageOf(resource);
        StoredObject result;
        lock (bucket.Gate)
        {
            if (bucket.Get(Key(@namespace, name)) is not { } current)
            {
                throw ApiException.NotFound(resource, name);
            }

            var updated = StorageConversion.ToStorage(resource, mutate(StorageConversion.View(resource, current)));
            var metadata = (JsonObject)updated["metadata"]!;
            metadata["resourceVersion"] = current.ResourceVersion.ToString(CultureInfo.InvariantCulture);
            if (JsonNode.DeepEquals(updated, JsonNode.Parse(current.Json.GetRawText())))
            {
                return StorageConversion.View(resource, current);
            }

            var finalizers = metadata["finalizers"] as JsonArray;
            var namespaceFinalizers = resource == ResourceCatalog.Namespaces ? updated["spec"]?["finalizers"] as JsonArray : null;
            if (metadata["deletionTimestamp"] is not null && (finalizers is null || finalizers.Count == 0) && namespaceFinalizers is not { Count: > 0 })
            {
                result = Store(bucket, storage, @namespace, name, updated, remove: true);
                Record(bucket, "DELETED", result, current);
            }
            else
            {
                result = Store(bucket, storage, @namespace, name, updated);
                Record(bucket, "MODIFIED", result, current);
            }
        }

        Changed?.Invoke(storage);
        return StorageConversion.View(resource, result);
    }

    /// <summary>
    /// Deletes an object after <paramref name="check"/> (preconditions). Objects with finalizers only get a deletionTimestamp.
    /// Namespaces are not deleted here while they have content: the handler marks them Terminating and the namespace controller
    /// empties and finalizes them.
    /// </summary>
    public StoredObject Delete(ResourceDefinition resource, string? @namespace, string name, Action<StoredObject>? check = null)
    {
        var bucket = Bucket(resource);
        var storage = StorageConversion.StorageOf(resource);
        StoredObject result;
        lock (bucket.Gate)
        {
            if (bucket.Get(Key(@namespace, name)) is not { } current)
            {
                throw ApiException.NotFound(resource, name);
            }

            check?.Invoke(StorageConversion.View(resource, current));
            var obj = current.ToNode();
            var metadata = (JsonObject)obj["metadata"]!;
            if (metadata["finalizers"] is JsonArray { Count: > 0 })
            {
                if (metadata["deletionTimestamp"] is not null)
                {
                    return StorageConversion.View(resource, current);
                }

                metadata["deletionTimestamp"] = FormatTime(timeProvider.GetUtcNow());
                metadata["deletionGracePeriodSeconds"] = 0;
                result = Store(bucket, storage, @namespace, name, obj);
                Record(bucket, "MODIFIED", result, current);
            }
            else
            {
                result = Store(bucket, storage, @namespace, name, obj, remove: true);
                Record(bucket, "DELETED", result, current);
            }
        }

        Changed?.Invoke(storage);
        return StorageConversion.View(resource, result);
    }

    /// <summary>
    /// Starts a watch. <paramref name="sinceResourceVersion"/> null ⇒ the current objects are returned as initial state;
    /// otherwise the resource's retained events after it follow. Throws 410 Expired when that point is no longer retained.
    /// </summary>
    public WatchSubscription Watch(ResourceDefinition resource, string? @namespace, long? sinceResourceVersion)
    {
        var bucket = Bucket(resource);
        lock (bucket.Gate)
        {
            if (sinceResourceVersion is null)
            {
                return new WatchSubscription(bucket, @namespace, StorageConversion.View(resource, InNamespace(bucket.Sorted(), @namespace)), CurrentResourceVersion,
                    () => CurrentResourceVersion, resource);
            }

            if (sinceResourceVersion.Value < bucket.CompactedThrough)
            {
                throw ApiException.Expired(string.Create(CultureInfo.InvariantCulture,
                    $"too old resource version: {sinceResourceVersion.Value} ({bucket.CompactedThrough + 1})"));
            }

            return new WatchSubscription(bucket, @namespace, [], sinceResourceVersion.Value, () => CurrentResourceVersion, resource);
        }
    }

    /// <summary>
    /// Starts the watch history at the current resourceVersion, as kube-apiserver's watch cache starts from the list it makes when the
    /// server starts: a watch or a paged list from an older resourceVersion answers 410 Expired even on a young cluster.
    /// </summary>
    public void StartWatchCache()
    {
        Interlocked.Exchange(ref watchCacheStart, CurrentResourceVersion);
        Compact();
    }

    /// <summary>Whether <paramref name="name"/> is a namespace being deleted (NamespaceLifecycle admission).</summary>
    public bool IsNamespaceTerminating(string name)
    {
        var ns = Get(ResourceCatalog.Namespaces, null, name);
        return ns?.Metadata("deletionTimestamp") is { ValueKind: JsonValueKind.String };
    }

    /// <summary>Drops every resource's retained history up to the current resourceVersion (tests force 410 with it).</summary>
    public void Compact()
    {
        foreach (var resource in ResourceCatalog.All)
        {
            Bucket(resource);
        }

        foreach (var bucket in buckets.Values)
        {
            lock (bucket.Gate)
            {
                bucket.Compact(CurrentResourceVersion);
            }
        }
    }

    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static StoredObject[] InNamespace(StoredObject[] sorted, string? @namespace)
    {
        if (@namespace is null)
        {
            return sorted;
        }

        // Keys are "namespace/name", so one namespace is one contiguous run of the ordered array.
        var prefix = @namespace + "/";
        var start = LowerBound(sorted, prefix);
        var end = start;
        while (end < sorted.Length && sorted[end].Key.StartsWith(prefix, StringComparison.Ordinal))
        {
            end++;
        }

        return sorted[start..end];
    }

    private static int LowerBound(StoredObject[] sorted, string key)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (string.CompareOrdinal(sorted[middle].Key, key) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private StoredObject Store(ResourceBucket bucket, ResourceDefinition resource, string? @namespace, string name, JsonObject obj, bool remove = false)
    {
        var version = Interlocked.Increment(ref resourceVersion);
        var metadata = (JsonObject)obj["metadata"]!;
        metadata["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture);
        var stored = new StoredObject(resource, resource.Namespaced ? @namespace : null, name, version,
            JsonSerializer.SerializeToElement(obj, SandboxJson.Options));
        if (remove)
        {
            bucket.Remove(stored.Key);
        }
        else
        {
            bucket.Put(stored);
        }

        return stored;
    }

    private void Record(ResourceBucket bucket, string type, StoredObject stored, StoredObject? previous) =>
        bucket.Record(new WatchEvent(stored.ResourceVersion, type, stored, previous), HistoryCapacity);

    private ResourceBucket Bucket(ResourceDefinition resource) =>
        buckets.GetOrAdd(resource.StoreKey, static key => new ResourceBucket(key));

    private static string Key(string? @namespace, string name) => (@namespace ?? string.Empty) + "/" + name;

    private static string RandomSuffix()
    {
        Span<char> chars = stackalloc char[5];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = GenerateNameAlphabet[RandomNumberGenerator.GetInt32(GenerateNameAlphabet.Length)];
        }

        return new string(chars);
    }
}
