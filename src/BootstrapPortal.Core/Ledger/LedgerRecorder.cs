using System.Collections.Concurrent;
using System.Threading.Channels;
using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Persistence;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Ledger;

/// <summary>
/// Feeds the ledger from the cluster cache's typed CSR changes. The cache's handler only enqueues (a bounded channel, never
/// blocking the watch); one loop writes batches. A <see cref="ResourceChangeType.Reset"/> (every list and re-list), a start,
/// or a full queue makes the loop reconcile against the cache's snapshot instead: it writes every CSR version it has not
/// written yet, refreshes last-seen for the rest, and marks CSRs that vanished while nobody watched as deleted. So a restart
/// or a crash mid-batch loses nothing the cluster still holds. Failed writes are retried with backoff, never dropped.
/// </summary>
public sealed partial class LedgerRecorder : BackgroundService
{
    private static readonly TimeSpan HousekeepingInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RetentionInterval = TimeSpan.FromHours(1);

    private readonly ClusterCache _cache;
    private readonly CsrCatalog _catalog;
    private readonly LedgerWriter _writer;
    private readonly LedgerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<LedgerRecorder> _logger;
    private readonly Channel<Observation> _queue;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    // The resourceVersion last written per CSR UID, so a re-list rewrites only what changed.
    private readonly ConcurrentDictionary<string, string> _written = new(StringComparer.Ordinal);
    private int _resyncRequested = 1;
    private long _recordsWritten;
    private long _writeFailures;
    private long _overflows;
    private readonly object _statusLock = new();
    private DateTimeOffset? _lastWriteAt;
    private DateTimeOffset? _lastSyncAt;
    private DateTimeOffset _lastPurge = DateTimeOffset.MinValue;
    private string? _lastError;
    private List<Observation>? _pending;

    public LedgerRecorder(ClusterCache cache, CsrCatalog catalog, LedgerWriter writer, IOptions<LedgerOptions> options, TimeProvider time,
        ILogger<LedgerRecorder> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        _options = options.Value;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _queue = Channel.CreateBounded<Observation>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _cache.CertificateSigningRequests.ItemChanged += OnCsrChanged;
    }

    /// <summary>Raised after rows were written (from the writer's loop). Handlers must be quick and must not throw.</summary>
    public event Action? Written;

    public LedgerStatus Status
    {
        get
        {
            lock (_statusLock)
            {
                return new(
                    Volatile.Read(ref _resyncRequested) == 0 && _lastSyncAt is not null,
                    _queue.Reader.Count,
                    Interlocked.Read(ref _recordsWritten),
                    Interlocked.Read(ref _writeFailures),
                    Interlocked.Read(ref _overflows),
                    _lastWriteAt,
                    _lastSyncAt,
                    Volatile.Read(ref _lastError));
            }
        }
    }

    public override void Dispose()
    {
        _cache.CertificateSigningRequests.ItemChanged -= OnCsrChanged;
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
                backoff = TimeSpan.FromSeconds(1);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The database is unreachable or refused the batch: keep everything queued, note it, retry.
                Interlocked.Increment(ref _writeFailures);
                Volatile.Write(ref _lastError, ex.Message);
                LogWriteFailed(_logger, ex, backoff);
                await Task.Delay(backoff, _time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    private async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        // A batch that failed is written again first, before anything newer.
        if (_pending is { Count: > 0 })
        {
            await WriteBatchAsync(_pending, cancellationToken);
            _pending = null;
        }

        if (Volatile.Read(ref _resyncRequested) == 1 && CsrCacheHasListed())
        {
            await ReconcileAsync(cancellationToken);
        }

        var batch = new List<Observation>(_options.BatchSize);
        while (batch.Count < _options.BatchSize && _queue.Reader.TryRead(out var observation))
        {
            batch.Add(observation);
        }

        if (batch.Count > 0)
        {
            _pending = batch;
            await WriteBatchAsync(batch, cancellationToken);
            _pending = null;
            return;
        }

        await HousekeepAsync(cancellationToken);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(HousekeepingInterval);
        try
        {
            await Task.WhenAny(_queue.Reader.WaitToReadAsync(idle.Token).AsTask(), _wake.Reader.WaitToReadAsync(idle.Token).AsTask());
        }
        finally
        {
            await idle.CancelAsync();
        }

        _wake.Reader.TryRead(out _);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task WriteBatchAsync(List<Observation> batch, CancellationToken cancellationToken)
    {
        var entries = batch.Select(o => LedgerEntries.From(_catalog.ViewOf(o.Csr), o.SeenAt, o.Deleted)).ToArray();
        await _writer.WriteAsync(entries, cancellationToken);
        foreach (var o in batch)
        {
            var uid = o.Csr.Metadata?.Uid;
            if (uid is null)
            {
                continue;
            }

            if (o.Deleted)
            {
                _written.TryRemove(uid, out _);
            }
            else
            {
                _written[uid] = o.Csr.Metadata!.ResourceVersion ?? string.Empty;
            }
        }

        OnBatchWritten(batch.Count);
    }

    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        // Cleared before reading the snapshot: a re-list that lands meanwhile asks for another pass.
        Interlocked.Exchange(ref _resyncRequested, 0);
        var items = _cache.CertificateSigningRequests.Items;
        var now = _time.GetUtcNow().UtcDateTime;
        var changed = new List<Observation>();
        var unchanged = new List<string>();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var csr in items)
        {
            if (csr.Metadata?.Uid is not { Length: > 0 } uid)
            {
                continue;
            }

            present.Add(uid);
            if (_written.TryGetValue(uid, out var version) && version == (csr.Metadata.ResourceVersion ?? string.Empty))
            {
                unchanged.Add(uid);
            }
            else
            {
                changed.Add(new Observation(csr, now, Deleted: false));
            }
        }

        try
        {
            foreach (var chunk in changed.Chunk(_options.BatchSize))
            {
                await WriteBatchAsync([.. chunk], cancellationToken);
            }

            await _writer.TouchAsync(unchanged, now, cancellationToken);
            var deleted = await _writer.MarkMissingAsDeletedAsync(present, now, cancellationToken);
            foreach (var uid in _written.Keys.Where(k => !present.Contains(k)).ToArray())
            {
                _written.TryRemove(uid, out _);
            }

            lock (_statusLock)
            {
                _lastSyncAt = _time.GetUtcNow();
            }

            Volatile.Write(ref _lastError, null);
            LogReconciled(_logger, items.Count, changed.Count, deleted);
            Written?.Invoke();
        }
        catch
        {
            Interlocked.Exchange(ref _resyncRequested, 1);
            throw;
        }
    }

    private async Task HousekeepAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (await _writer.ConfirmDecisionsAsync(now.UtcDateTime - TimeSpan.FromHours(1), cancellationToken) > 0)
        {
            Written?.Invoke();
        }

        if (_options.Retention > TimeSpan.Zero && now - _lastPurge >= RetentionInterval)
        {
            var (csrs, certificates) = await _writer.PurgeAsync(now.UtcDateTime - _options.Retention, cancellationToken);
            _lastPurge = now;
            if (csrs + certificates > 0)
            {
                LogPurged(_logger, csrs, certificates, _options.Retention);
                Written?.Invoke();
            }
        }
    }

    private void OnBatchWritten(int count)
    {
        Interlocked.Add(ref _recordsWritten, count);
        lock (_statusLock)
        {
            _lastWriteAt = _time.GetUtcNow();
        }

        Volatile.Write(ref _lastError, null);
        Written?.Invoke();
    }

    private bool CsrCacheHasListed() => _cache.CertificateSigningRequests.Status.LastSyncedAt is not null;

    private void OnCsrChanged(ResourceChange<V1CertificateSigningRequest> change)
    {
        if (change.Type == ResourceChangeType.Reset)
        {
            RequestResync();
            return;
        }

        if (change.Item is null)
        {
            return;
        }

        if (!_queue.Writer.TryWrite(new Observation(change.Item, _time.GetUtcNow().UtcDateTime, change.Type == ResourceChangeType.Deleted)))
        {
            // Full: never block the watch. The snapshot has every current object, so one reconcile catches up.
            Interlocked.Increment(ref _overflows);
            RequestResync();
        }
    }

    private void RequestResync()
    {
        Interlocked.Exchange(ref _resyncRequested, 1);
        _wake.Writer.TryWrite(true);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Certificate ledger: writing failed; retrying in {Delay}")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Certificate ledger synced with the cluster: {Count} CSRs, {Changed} written, {Deleted} marked deleted")]
    private static partial void LogReconciled(ILogger logger, int count, int changed, int deleted);

    [LoggerMessage(Level = LogLevel.Information, Message = "Certificate ledger retention ({Retention}): removed {Csrs} CSR records and {Certificates} certificates")]
    private static partial void LogPurged(ILogger logger, int csrs, int certificates, TimeSpan retention);

    private readonly record struct Observation(V1CertificateSigningRequest Csr, DateTime SeenAt, bool Deleted);
}
