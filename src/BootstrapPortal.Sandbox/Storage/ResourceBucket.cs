namespace BootstrapPortal.Sandbox.Storage;

/// <summary>
/// The objects of one resource with their own lock and their own event history (kube-apiserver keeps one watch cache per
/// resource, k8s.io/apiserver pkg/storage/cacher/watch_cache.go): a write to one kind never waits for, compacts or wakes the
/// watchers of another. All members are used under <see cref="Gate"/> unless noted.
/// </summary>
internal sealed class ResourceBucket
{
    private readonly SortedDictionary<string, StoredObject> items = new(StringComparer.Ordinal);
    private readonly List<WatchEvent> history = [];
    private StoredObject[]? sorted;
    private TaskCompletionSource appended = NewSignal();

    public ResourceBucket(string storeKey) => StoreKey = storeKey;

    public string StoreKey { get; }

    public Lock Gate { get; } = new();

    /// <summary>The resourceVersion up to which this resource's history is gone (events after it are retained).</summary>
    public long CompactedThrough { get; private set; }

    public int Count => items.Count;

    public StoredObject? Get(string key) => items.GetValueOrDefault(key);

    public bool Contains(string key) => items.ContainsKey(key);

    /// <summary>The current objects ordered by key; one shared array until the next write.</summary>
    public StoredObject[] Sorted() => sorted ??= [.. items.Values];

    public void Put(StoredObject stored)
    {
        items[stored.Key] = stored;
        sorted = null;
    }

    public void Remove(string key)
    {
        if (items.Remove(key))
        {
            sorted = null;
        }
    }

    /// <summary>Appends an event, trims the history to about <paramref name="capacity"/> events and wakes the watchers.</summary>
    public void Record(WatchEvent watchEvent, int capacity)
    {
        history.Add(watchEvent);
        capacity = Math.Max(1, capacity);

        // Trimmed in batches (between capacity and 1.5 × capacity are kept) so that appending stays O(1) amortized.
        if (history.Count > capacity + Math.Max(1, capacity / 2))
        {
            var drop = history.Count - capacity;
            CompactedThrough = history[drop - 1].ResourceVersion;
            history.RemoveRange(0, drop);
        }

        var signal = appended;
        appended = NewSignal();
        signal.TrySetResult();
    }

    /// <summary>Completes at the next <see cref="Record"/> (read under the lock, awaited outside it).</summary>
    public Task NextAppend => appended.Task;

    /// <summary>Drops the whole history: everything up to <paramref name="resourceVersion"/> is compacted.</summary>
    public void Compact(long resourceVersion)
    {
        history.Clear();
        CompactedThrough = resourceVersion;
        var signal = appended;
        appended = NewSignal();
        signal.TrySetResult();
    }

    /// <summary>Index of the first retained event with a resourceVersion above <paramref name="resourceVersion"/>.</summary>
    public int FirstAfter(long resourceVersion)
    {
        int low = 0, high = history.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (history[middle].ResourceVersion <= resourceVersion)
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

    public int HistoryCount => history.Count;

    public WatchEvent HistoryAt(int index) => history[index];

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
