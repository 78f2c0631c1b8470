using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using BootstrapPortal.Sandbox.Server;

namespace BootstrapPortal.Sandbox.Storage;

/// <summary>
/// The sandbox's etcd: every object of every resource under one lock, one global resourceVersion counter, a bounded event
/// history (watch resume and consistent list snapshots for pagination), and live watch subscriptions.
/// Stored JSON is immutable (<see cref="JsonElement"/>); writers get a fresh <see cref="JsonObject"/> to modify.
/// </summary>
internal sealed class ObjectStore
{
    private const string GenerateNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";
    private readonly Lock gate = new();
    private readonly Dictionary<string, SortedDictionary<string, StoredObject>> objects = new(StringComparer.Ordinal);
    private readonly LinkedList<WatchEvent> history = new();
    private readonly List<WatchSubscription> subscriptions = [];
    private readonly TimeProvider timeProvider;
    private long resourceVersion;
    private long compactedThrough;

    public ObjectStore(TimeProvider timeProvider, int historyCapacity)
    {
        this.timeProvider = timeProvider;
        HistoryCapacity = historyCapacity;
    }

    /// <summary>How many events are retained for watch resume and paginated lists.</summary>
    public int HistoryCapacity { get; set; }

    /// <summary>Raised (outside the lock is NOT guaranteed) after any write; used to invalidate caches.</summary>
    public event Action<ResourceDefinition>? Changed;

    public long CurrentResourceVersion
    {
        get
        {
            lock (gate)
            {
                return resourceVersion;
            }
        }
    }

    /// <summary>The oldest resourceVersion still reconstructible (events after it are retained).</summary>
    public long CompactedThrough
    {
        get
        {
            lock (gate)
            {
                return compactedThrough;
            }
        }
    }

    public StoredObject? Get(ResourceDefinition resource, string? @namespace, string name)
    {
        lock (gate)
        {
            return Bucket(resource).GetValueOrDefault(Key(@namespace, name));
        }
    }

    /// <summary>Current objects (optionally in one namespace) and the list resourceVersion.</summary>
    public (IReadOnlyList<StoredObject> Items, long ResourceVersion) List(ResourceDefinition resource, string? @namespace)
    {
        lock (gate)
        {
            return ([.. Bucket(resource).Values.Where(o => @namespace is null || o.Namespace == @namespace)], resourceVersion);
        }
    }

    /// <summary>
    /// The objects as they were at <paramref name="atResourceVersion"/> (undoing retained events), or null when that point has
    /// been compacted away.
    /// </summary>
    public IReadOnlyList<StoredObject>? ListAt(ResourceDefinition resource, string? @namespace, long atResourceVersion)
    {
        lock (gate)
        {
            if (atResourceVersion < compactedThrough || atResourceVersion > resourceVersion)
            {
                return null;
            }

            var state = new SortedDictionary<string, StoredObject>(Bucket(resource), StringComparer.Ordinal);
            for (var node = history.Last; node is not null && node.Value.ResourceVersion > atResourceVersion; node = node.Previous)
            {
                var e = node.Value;
                if (e.Object.Resource.StoreKey != resource.StoreKey)
                {
                    continue;
                }

                if (e.Previous is null)
                {
                    state.Remove(e.Object.Key);
                }
                else
                {
                    state[e.Previous.Key] = e.Previous;
                }
            }

            return [.. state.Values.Where(o => @namespace is null || o.Namespace == @namespace)];
        }
    }

    /// <summary>
    /// Creates an object. <paramref name="build"/> gets the store's next resourceVersion and returns the object to store; the store
    /// fills metadata.name (from generateName when empty), uid, creationTimestamp and resourceVersion.
    /// </summary>
    public StoredObject Create(ResourceDefinition resource, string? @namespace, JsonObject obj, Action<JsonObject>? validate = null)
    {
        lock (gate)
        {
            var name = PrepareCreate(resource, @namespace, obj);
            validate?.Invoke(obj);
            var stored = Store(resource, @namespace, name, obj);
            Record("ADDED", stored, null);
            return stored;
        }
    }

    /// <summary>
    /// What <see cref="Create"/> would store, without storing it (<c>dryRun=All</c>): name generated, uid and creationTimestamp
    /// set, no resourceVersion; 404 for a missing namespace and 409 for an existing name, like the dry-run storage of the generic
    /// registry (k8s.io/apiserver pkg/registry/generic/registry/dryrun.go).
    /// </summary>
    public JsonObject DryRunCreate(ResourceDefinition resource, string? @namespace, JsonObject obj)
    {
        lock (gate)
        {
            PrepareCreate(resource, @namespace, obj);
            ((JsonObject)obj["metadata"]!).Remove("resourceVersion");
            return obj;
        }
    }

    private string PrepareCreate(ResourceDefinition resource, string? @namespace, JsonObject obj)
    {
        {
            var metadata = obj["metadata"] as JsonObject ?? new JsonObject();
            obj["metadata"] = metadata;
            if (resource.Namespaced)
            {
                metadata["namespace"] = @namespace;
                if (!Bucket(ResourceCatalog.Namespaces).ContainsKey(Key(null, @namespace!)))
                {
                    throw ApiException.NotFound(ResourceCatalog.Namespaces, @namespace!);
                }
            }
            else
            {
                metadata.Remove("namespace");
            }

            var bucket = Bucket(resource);
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
                    if (!bucket.ContainsKey(Key(@namespace, name)))
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

            if (bucket.ContainsKey(Key(@namespace, name)))
            {
                throw ApiException.AlreadyExists(resource, name);
            }

            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = FormatTime(timeProvider.GetUtcNow());
            metadata.Remove("deletionTimestamp");
            metadata.Remove("deletionGracePeriodSeconds");
            return name;
        }
    }

    /// <summary>
    /// Updates an object under the lock: <paramref name="mutate"/> receives the current object and returns the new JSON (or throws).
    /// A result identical to the stored JSON is a no-op (resourceVersion unchanged), like the real server.
    /// An object with deletionTimestamp whose finalizers become empty is deleted.
    /// </summary>
    public StoredObject Update(ResourceDefinition resource, string? @namespace, string name, Func<StoredObject, JsonObject> mutate)
    {
        lock (gate)
        {
            var bucket = Bucket(resource);
            if (!bucket.TryGetValue(Key(@namespace, name), out var current))
            {
                throw ApiException.NotFound(resource, name);
            }

            var updated = mutate(current);
            var metadata = (JsonObject)updated["metadata"]!;
            metadata["resourceVersion"] = current.ResourceVersion.ToString(CultureInfo.InvariantCulture);
            if (JsonNode.DeepEquals(updated, JsonNode.Parse(current.Json.GetRawText())))
            {
                return current;
            }

            var finalizers = metadata["finalizers"] as JsonArray;
            var namespaceFinalizers = resource == ResourceCatalog.Namespaces ? updated["spec"]?["finalizers"] as JsonArray : null;
            if (metadata["deletionTimestamp"] is not null && (finalizers is null || finalizers.Count == 0) && namespaceFinalizers is not { Count: > 0 })
            {
                var gone = Store(resource, @namespace, name, updated, remove: true);
                Record("DELETED", gone, current);
                return gone;
            }

            var stored = Store(resource, @namespace, name, updated);
            Record("MODIFIED", stored, current);
            return stored;
        }
    }

    /// <summary>
    /// Deletes an object after <paramref name="check"/> (preconditions). Objects with finalizers only get a deletionTimestamp.
    /// Namespaces are not deleted here while they have content: the handler marks them Terminating and the namespace controller
    /// empties and finalizes them.
    /// </summary>
    public StoredObject Delete(ResourceDefinition resource, string? @namespace, string name, Action<StoredObject>? check = null)
    {
        lock (gate)
        {
            var bucket = Bucket(resource);
            if (!bucket.TryGetValue(Key(@namespace, name), out var current))
            {
                throw ApiException.NotFound(resource, name);
            }

            check?.Invoke(current);
            var obj = current.ToNode();
            var metadata = (JsonObject)obj["metadata"]!;
            if (metadata["finalizers"] is JsonArray { Count: > 0 })
            {
                if (metadata["deletionTimestamp"] is null)
                {
                    metadata["deletionTimestamp"] = FormatTime(timeProvider.GetUtcNow());
                    metadata["deletionGracePeriodSeconds"] = 0;
                    var marked = Store(resource, @namespace, name, obj);
                    Record("MODIFIED", marked, current);
                    return marked;
                }

                return current;
            }

            var gone = Store(resource, @namespace, name, obj, remove: true);
            Record("DELETED", gone, current);
            return gone;
        }
    }

    /// <summary>
    /// Starts a watch. <paramref name="sinceResourceVersion"/> null ⇒ the current objects are returned as initial state;
    /// otherwise retained events after it are queued. Throws 410 Expired when that point is no longer retained.
    /// </summary>
    public WatchSubscription Watch(ResourceDefinition resource, string? @namespace, long? sinceResourceVersion)
    {
        lock (gate)
        {
            WatchSubscription subscription;
            if (sinceResourceVersion is null)
            {
                var initial = Bucket(resource).Values.Where(o => @namespace is null || o.Namespace == @namespace).ToList();
                subscription = new WatchSubscription(resource.StoreKey, @namespace, initial, resourceVersion, Unsubscribe);
            }
            else
            {
                if (sinceResourceVersion.Value < compactedThrough)
                {
                    throw ApiException.Expired(string.Create(CultureInfo.InvariantCulture,
                        $"too old resource version: {sinceResourceVersion.Value} ({compactedThrough + 1})"));
                }

                subscription = new WatchSubscription(resource.StoreKey, @namespace, [], sinceResourceVersion.Value, Unsubscribe);
                foreach (var e in history.Where(e => e.ResourceVersion > sinceResourceVersion.Value && subscription.Accepts(e)))
                {
                    subscription.Publish(e);
                }
            }

            subscriptions.Add(subscription);
            return subscription;
        }
    }

    /// <summary>
    /// Starts the watch history at the current resourceVersion, as kube-apiserver's watch cache starts from the list it makes when the
    /// server starts: a watch or a paged list from an older resourceVersion answers 410 Expired even on a young cluster.
    /// </summary>
    public void StartWatchCache() => Compact();

    /// <summary>Whether <paramref name="name"/> is a namespace being deleted (NamespaceLifecycle admission).</summary>
    public bool IsNamespaceTerminating(string name)
    {
        var ns = Get(ResourceCatalog.Namespaces, null, name);
        return ns?.Metadata("deletionTimestamp") is { ValueKind: JsonValueKind.String };
    }

    /// <summary>Drops retained history so that everything up to the current resourceVersion is compacted (tests force 410 with it).</summary>
    public void Compact()
    {
        lock (gate)
        {
            history.Clear();
            compactedThrough = resourceVersion;
        }
    }

    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private void Unsubscribe(WatchSubscription subscription)
    {
        lock (gate)
        {
            subscriptions.Remove(subscription);
        }
    }

    private StoredObject Store(ResourceDefinition resource, string? @namespace, string name, JsonObject obj, bool remove = false)
    {
        resourceVersion++;
        var metadata = (JsonObject)obj["metadata"]!;
        metadata["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture);
        var stored = new StoredObject(resource, resource.Namespaced ? @namespace : null, name, resourceVersion,
            JsonSerializer.SerializeToElement(obj, SandboxJson.Options));
        if (remove)
        {
            Bucket(resource).Remove(Key(@namespace, name));
        }
        else
        {
            Bucket(resource)[Key(@namespace, name)] = stored;
        }

        return stored;
    }

    private void Record(string type, StoredObject stored, StoredObject? previous)
    {
        var watchEvent = new WatchEvent(stored.ResourceVersion, type, stored, previous);
        history.AddLast(watchEvent);
        while (history.Count > Math.Max(1, HistoryCapacity))
        {
            compactedThrough = history.First!.Value.ResourceVersion;
            history.RemoveFirst();
        }

        foreach (var subscription in subscriptions)
        {
            if (subscription.Accepts(watchEvent))
            {
                subscription.Publish(watchEvent);
            }
        }

        Changed?.Invoke(stored.Resource);
    }

    private SortedDictionary<string, StoredObject> Bucket(ResourceDefinition resource)
    {
        if (!objects.TryGetValue(resource.StoreKey, out var bucket))
        {
            bucket = new SortedDictionary<string, StoredObject>(StringComparer.Ordinal);
            objects[resource.StoreKey] = bucket;
        }

        return bucket;
    }

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
