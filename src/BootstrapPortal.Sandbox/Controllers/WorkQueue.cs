using System.Collections.Concurrent;
using System.Threading.Channels;

namespace BootstrapPortal.Sandbox.Controllers;

/// <summary>A de-duplicating work queue of object keys (like client-go's workqueue, minus rate limiting).</summary>
internal sealed class WorkQueue
{
    private readonly Channel<string> _channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, byte> _queued = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;

    public WorkQueue(TimeProvider timeProvider) => _timeProvider = timeProvider;

    public void Add(string key)
    {
        if (_queued.TryAdd(key, 0))
        {
            _channel.Writer.TryWrite(key);
        }
    }

    public void AddAfter(string key, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        // Long waits are cut into chunks: the reconcile that runs then computes the remaining time again.
        _ = Task.Delay(delay < LongDelay.MaxChunk ? delay : LongDelay.MaxChunk, _timeProvider, cancellationToken)
            .ContinueWith(t => { if (t.IsCompletedSuccessfully) { Add(key); } }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    public async ValueTask<string> TakeAsync(CancellationToken cancellationToken)
    {
        var key = await _channel.Reader.ReadAsync(cancellationToken);
        _queued.TryRemove(key, out _);
        return key;
    }
}
