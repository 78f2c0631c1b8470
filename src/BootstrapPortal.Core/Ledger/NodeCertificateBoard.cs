using System.Threading.Channels;
using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Ledger;

/// <summary>
/// Keeps the shared <see cref="NodeBoard"/>: rebuilt when the Nodes readers see or the ledger change (bursts coalesced) and
/// every 30 seconds as time passes. A Node update that only moves its status report (<see cref="Cache.NodeChange"/>: the
/// heartbeat a fleet's kubelets send every few seconds) rebuilds nothing: the board shows no heartbeat. Readers take <see cref="Current"/>, an immutable snapshot; no page or scrape queries the
/// database.
/// </summary>
public sealed partial class NodeCertificateBoard : BackgroundService
{
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(30);

    private readonly ClusterCache _cache;
    private readonly LedgerReader _reader;
    private readonly LedgerRecorder _recorder;
    private readonly RotationPolicy _policy;
    private readonly TimeProvider _time;
    private readonly ILogger<NodeCertificateBoard> _logger;
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private NodeBoard _current = NodeBoard.Empty;
    private IReadOnlyDictionary<string, NodeLedgerFacts>? _facts;
    private int _factsStale = 1;
    private long _builds;
    private long _nodeSignals;

    public NodeCertificateBoard(ClusterCache cache, LedgerReader reader, LedgerRecorder recorder, IOptions<LedgerOptions> options, TimeProvider time,
        ILogger<NodeCertificateBoard> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _reader = reader ?? throw new ArgumentNullException(nameof(reader));
        _recorder = recorder ?? throw new ArgumentNullException(nameof(recorder));
        _policy = RotationPolicy.From(options.Value);
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _cache.NodesChanged += OnNodesChanged;
        _recorder.Written += OnLedgerWritten;
    }

    /// <summary>Raised after a new board was published. Handlers must be quick and must not throw.</summary>
    public event Action? Changed;

    public NodeBoard Current => Volatile.Read(ref _current);

    public RotationPolicy Policy => _policy;

    /// <summary>How many boards have been built (on changes and on the periodic tick).</summary>
    public long Builds => Interlocked.Read(ref _builds);

    /// <summary>How many Node changes have asked for a rebuild (<see cref="ClusterCache.NodesChanged"/>; status reports never do).</summary>
    public long NodeSignals => Interlocked.Read(ref _nodeSignals);

    public override void Dispose()
    {
        _cache.NodesChanged -= OnNodesChanged;
        _recorder.Written -= OnLedgerWritten;
        base.Dispose();
    }

    /// <summary>Rebuilds now (the loop does this on its own; tests and start-up call it to avoid waiting).</summary>
    public async Task<NodeBoard> RefreshAsync(CancellationToken cancellationToken)
    {
        string? error = null;
        if (Interlocked.Exchange(ref _factsStale, 0) == 1 || _facts is null)
        {
            try
            {
                _facts = await _reader.NodeFactsAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Interlocked.Exchange(ref _factsStale, 1);
                error = "The certificate ledger could not be read: " + ex.Message;
                LogReadFailed(_logger, ex);
            }
        }

        var board = NodeBoardBuilder.Build(_cache.Nodes.Items, _facts ?? new Dictionary<string, NodeLedgerFacts>(), _policy, _time.GetUtcNow(), error,
            Interlocked.Increment(ref _builds));
        Volatile.Write(ref _current, board);
        RaiseChanged();
        return board;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                wait.CancelAfter(Tick);
                try
                {
                    await _signal.Reader.WaitToReadAsync(wait.Token);
                    await Task.Delay(Coalesce, _time, stoppingToken);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // The periodic rebuild: time-dependent health moves on without any change.
                }

                _signal.Reader.TryRead(out _);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }

    private void OnNodesChanged()
    {
        Interlocked.Increment(ref _nodeSignals);
        _signal.Writer.TryWrite(true);
    }

    private void OnLedgerWritten()
    {
        Interlocked.Exchange(ref _factsStale, 1);
        _signal.Writer.TryWrite(true);
    }

    private void RaiseChanged()
    {
        var handlers = Changed;
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<Action>())
        {
            try
            {
                handler();
            }
            catch (Exception ex)
            {
                LogSubscriberFailed(_logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nodes board: the certificate ledger could not be read")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A subscriber of the nodes board failed")]
    private static partial void LogSubscriberFailed(ILogger logger, Exception exception);
}
