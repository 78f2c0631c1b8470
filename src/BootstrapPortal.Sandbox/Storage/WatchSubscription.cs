using System.Threading.Channels;

namespace BootstrapPortal.Sandbox.Storage;

/// <summary>A live subscription: <see cref="Initial"/> objects (synthetic ADDED), then events on <see cref="Events"/>.</summary>
internal sealed class WatchSubscription : IDisposable
{
    private readonly Action<WatchSubscription> unregister;
    private readonly Channel<WatchEvent> channel = Channel.CreateUnbounded<WatchEvent>(new UnboundedChannelOptions { SingleReader = true });

    public WatchSubscription(string storeKey, string? @namespace, IReadOnlyList<StoredObject> initial, long startResourceVersion,
        Action<WatchSubscription> unregister)
    {
        StoreKey = storeKey;
        Namespace = @namespace;
        Initial = initial;
        StartResourceVersion = startResourceVersion;
        this.unregister = unregister;
    }

    public string StoreKey { get; }

    public string? Namespace { get; }

    public IReadOnlyList<StoredObject> Initial { get; }

    public long StartResourceVersion { get; }

    public ChannelReader<WatchEvent> Events => channel.Reader;

    internal void Publish(WatchEvent watchEvent) => channel.Writer.TryWrite(watchEvent);

    internal bool Accepts(WatchEvent watchEvent) =>
        watchEvent.Object.Resource.StoreKey == StoreKey && (Namespace is null || watchEvent.Object.Namespace == Namespace);

    public void Dispose()
    {
        unregister(this);
        channel.Writer.TryComplete();
    }
}
