using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Sandbox.Controllers;

/// <summary>
/// Base of the watch-driven controllers: informers feed keys into a work queue; one worker reconciles keys one by one; a
/// failed key is retried with per-key exponential backoff (capped), like client-go's rate-limited queue.
/// </summary>
public abstract class QueueController : ISandboxController
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(4);
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly List<Task> _tasks = [];
    private readonly List<IDisposable> _owned = [];
    private CancellationTokenSource? _stopping;

    protected QueueController(string name, ILogger logger, TimeProvider timeProvider)
    {
        Name = name;
        Logger = logger;
        TimeProvider = timeProvider;
        Queue = new WorkQueue(timeProvider);
    }

    public string Name { get; }

    protected ILogger Logger { get; }

    protected TimeProvider TimeProvider { get; }

    internal WorkQueue Queue { get; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_stopping is not null)
        {
            throw new InvalidOperationException($"Controller {Name} was already started.");
        }

        _stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = _stopping.Token;
        foreach (var runner in CreateRunners())
        {
            _tasks.Add(Task.Run(() => runner(token), CancellationToken.None));
        }

        _tasks.Add(Task.Run(() => WorkAsync(token), CancellationToken.None));
        Logger.LogInformation("Started controller {Controller}", Name);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping is null)
        {
            return;
        }

        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_tasks);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _stopping.Dispose();
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Registers something (e.g. the API client) to dispose together with the controller.</summary>
    protected T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    /// <summary>The informer loops feeding <see cref="Queue"/>.</summary>
    protected abstract IEnumerable<Func<CancellationToken, Task>> CreateRunners();

    /// <summary>Reconciles one key; returns a delay after which to look at the key again, or null.</summary>
    protected abstract Task<TimeSpan?> ReconcileAsync(string key, CancellationToken cancellationToken);

    /// <summary>Delay for the next retry of a key whose reconcile was not final (1 s doubling up to 4 s).</summary>
    protected TimeSpan NextBackoff(string key)
    {
        var failures = _failures.AddOrUpdate(key, 1, (_, n) => Math.Min(n + 1, 10));
        var delay = TimeSpan.FromSeconds(Math.Pow(2, failures - 1));
        return delay > MaxBackoff ? MaxBackoff : delay;
    }

    protected void ForgetBackoff(string key) => _failures.TryRemove(key, out _);

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            string key;
            try
            {
                key = await Queue.TakeAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                var requeue = await ReconcileAsync(key, cancellationToken);
                if (requeue is { } delay)
                {
                    Queue.AddAfter(key, delay, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A controller logs and retries any failure of one object; it never stops the loop.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                var delay = NextBackoff(key);
                Logger.LogWarning("{Controller}: reconciling {Key} failed, retrying in {Delay}: {Error}", Name, key, delay, ex.Message);
                Queue.AddAfter(key, delay, cancellationToken);
            }
        }
    }
}
