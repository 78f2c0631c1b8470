using System.Globalization;
using BootstrapPortal.Core.Cache;

namespace BootstrapPortal.Web.Components.Shared;

/// <summary>
/// Subscribes a component to the shared cluster cache (or another change event, such as a read model's) and throttles the
/// refreshes: the first change after a quiet spell refreshes at once, later ones at most once per interval (one trailing
/// refresh takes every change of the interval), so a storm of watch events costs a session one refresh per interval. The
/// clock is a <see cref="TimeProvider"/>, so tests move it instead of sleeping.
/// </summary>
public sealed class CacheRefresh : IDisposable
{
    private readonly Action<Action> _unsubscribe;
    private readonly Func<Task> _refresh;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _lock = new();

    // The session's language: a change event is raised on the cache's thread, whose culture is not the session's, and a
    // refresh started there would render the page in it.
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;
    private ITimer? _timer;
    private long _lastRun = long.MinValue;
    private bool _running;
    private bool _pending;
    private int _refreshes;

    public CacheRefresh(ClusterCache cache, Func<Task> refresh, TimeSpan? interval = null, TimeProvider? time = null)
        : this(h => (cache ?? throw new ArgumentNullException(nameof(cache))).Changed += h, h => cache.Changed -= h, refresh, interval, time)
    {
    }

    /// <summary>The same throttling for any change event (e.g. the nodes board's).</summary>
    public CacheRefresh(Action<Action> subscribe, Action<Action> unsubscribe, Func<Task> refresh, TimeSpan? interval = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(subscribe);
        _unsubscribe = unsubscribe ?? throw new ArgumentNullException(nameof(unsubscribe));
        _refresh = refresh ?? throw new ArgumentNullException(nameof(refresh));
        _interval = interval ?? TimeSpan.FromMilliseconds(250);
        _time = time ?? TimeProvider.System;
        subscribe(OnChanged);
    }

    /// <summary>How many refreshes have finished (tests wait for it instead of sleeping).</summary>
    public int Refreshes => Volatile.Read(ref _refreshes);

    /// <summary>A refresh waits for the throttle's timer (moving a test's clock by the interval lets it run).</summary>
    public bool IsWaiting
    {
        get
        {
            lock (_lock)
            {
                return _timer is not null;
            }
        }
    }

    /// <summary>No refresh running or due: every change seen so far has been looked at.</summary>
    public bool IsIdle
    {
        get
        {
            lock (_lock)
            {
                return !_running && _timer is null && !_pending;
            }
        }
    }

    public void Dispose()
    {
        _unsubscribe(OnChanged);
        lock (_lock)
        {
            _timer?.Dispose();
            _timer = null;
        }

        _disposed.Cancel();
        _disposed.Dispose();
    }

    /// <summary>Records a change; public so that a component can route another source (e.g. a policy change) through the same throttle.</summary>
    public void OnChanged()
    {
        lock (_lock)
        {
            if (_disposed.IsCancellationRequested)
            {
                return;
            }

            if (_running || _timer is not null)
            {
                // A refresh is running or due: it (or the one after it) takes this change too.
                _pending = true;
                return;
            }

            var wait = _lastRun == long.MinValue ? TimeSpan.Zero : _interval - _time.GetElapsedTime(_lastRun);
            if (wait > TimeSpan.Zero)
            {
                _timer = _time.CreateTimer(_ => Fire(), null, wait, Timeout.InfiniteTimeSpan);
                return;
            }

            _running = true;
            _lastRun = _time.GetTimestamp();
        }

        _ = RunAsync();
    }

    private void Fire()
    {
        lock (_lock)
        {
            _timer?.Dispose();
            _timer = null;
            if (_disposed.IsCancellationRequested || _running)
            {
                return;
            }

            _pending = false;
            _running = true;
            _lastRun = _time.GetTimestamp();
        }

        _ = RunAsync();
    }

    private async Task RunAsync()
    {
        try
        {
            // Set for this refresh's flow only (the culture flows with the execution context into the component's InvokeAsync).
            CultureInfo.CurrentCulture = _culture;
            CultureInfo.CurrentUICulture = _uiCulture;
            await _refresh();
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
            // The component went away while a refresh was due.
        }
        finally
        {
            Interlocked.Increment(ref _refreshes);
            bool again;
            lock (_lock)
            {
                _running = false;
                again = _pending && !_disposed.IsCancellationRequested;
                _pending = false;
            }

            if (again)
            {
                OnChanged();
            }
        }
    }
}
