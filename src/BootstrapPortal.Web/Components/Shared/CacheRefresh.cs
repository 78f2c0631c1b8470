using BootstrapPortal.Core.Cache;

namespace BootstrapPortal.Web.Components.Shared;

/// <summary>
/// Subscribes a component to the shared cluster cache (or another change event, such as a read model's) and coalesces bursts
/// of changes into at most one refresh per interval, so a storm of watch events does not re-render a page hundreds of times.
/// </summary>
public sealed class CacheRefresh : IDisposable
{
    private readonly Action<Action> _unsubscribe;
    private readonly Func<Task> _refresh;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _disposed = new();
    private int _scheduled;

    public CacheRefresh(ClusterCache cache, Func<Task> refresh, TimeSpan? interval = null)
        : this(h => (cache ?? throw new ArgumentNullException(nameof(cache))).Changed += h, h => cache.Changed -= h, refresh, interval)
    {
    }

    /// <summary>The same coalescing for any change event (e.g. the nodes board's).</summary>
    public CacheRefresh(Action<Action> subscribe, Action<Action> unsubscribe, Func<Task> refresh, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(subscribe);
        _unsubscribe = unsubscribe ?? throw new ArgumentNullException(nameof(unsubscribe));
        _refresh = refresh ?? throw new ArgumentNullException(nameof(refresh));
        _interval = interval ?? TimeSpan.FromMilliseconds(250);
        subscribe(OnChanged);
    }

    public void Dispose()
    {
        _unsubscribe(OnChanged);
        _disposed.Cancel();
        _disposed.Dispose();
    }

    private void OnChanged()
    {
        if (Interlocked.Exchange(ref _scheduled, 1) == 1)
        {
            return;
        }

        _ = RunAsync();
    }

    private async Task RunAsync()
    {
        try
        {
            await Task.Delay(_interval, _disposed.Token);
            Interlocked.Exchange(ref _scheduled, 0);
            await _refresh();
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
            // The component went away while a refresh was due.
        }
    }
}
