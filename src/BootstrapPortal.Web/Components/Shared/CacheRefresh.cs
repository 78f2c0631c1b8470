using BootstrapPortal.Core.Cache;

namespace BootstrapPortal.Web.Components.Shared;

/// <summary>
/// Subscribes a component to the shared cluster cache and coalesces bursts of changes into at most one refresh per
/// interval, so a storm of watch events does not re-render a page hundreds of times.
/// </summary>
public sealed class CacheRefresh : IDisposable
{
    private readonly ClusterCache _cache;
    private readonly Func<Task> _refresh;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _disposed = new();
    private int _scheduled;

    public CacheRefresh(ClusterCache cache, Func<Task> refresh, TimeSpan? interval = null)
    {
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _refresh = refresh ?? throw new ArgumentNullException(nameof(refresh));
        _interval = interval ?? TimeSpan.FromMilliseconds(250);
        _cache.Changed += OnChanged;
    }

    public void Dispose()
    {
        _cache.Changed -= OnChanged;
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
