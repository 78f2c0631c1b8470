using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Ledger;
using BootstrapPortal.Core.Persistence;
using BootstrapPortal.Core.Preflight;
using BootstrapPortal.Core.Tokens;
using k8s.Models;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Flow;

/// <summary>
/// The shared bootstrap-flow read model: built from the CSR catalogue's snapshot, the cached token Secrets and Nodes and the
/// nodes board, once per change of any of them (or every <see cref="CsrCatalog.ClockRecheck"/> as time passes), and shared by
/// every session. Readers take <see cref="Snapshot"/>; nothing here calls the API server. A Node status report (a heartbeat,
/// <see cref="NodeChange"/>) is no change: the Nodes are keyed by <see cref="ClusterCache.NodeRevision"/>, and the catalogue
/// by its entries, which a heartbeat leaves shared.
/// </summary>
public sealed class BootstrapFlowService
{
    private readonly ClusterCache _cache;
    private readonly CsrCatalog _csrs;
    private readonly NodeCertificateBoard _board;
    private readonly TokenOptions _tokens;
    private readonly FlowThresholds _thresholds;
    private readonly TimeProvider _time;
    private readonly Lock _buildLock = new();
    private Built? _built;

    public BootstrapFlowService(ClusterCache cache, CsrCatalog csrs, NodeCertificateBoard board, IOptions<TokenOptions> tokens,
        IOptions<PreflightOptions> preflight, IOptions<LedgerOptions> ledger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(preflight);
        ArgumentNullException.ThrowIfNull(ledger);
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _csrs = csrs ?? throw new ArgumentNullException(nameof(csrs));
        _board = board ?? throw new ArgumentNullException(nameof(board));
        _tokens = tokens.Value;
        _thresholds = new FlowThresholds(preflight.Value.StuckAfter, ledger.Value.PendingRenewalThreshold, FlowThresholds.Default.RegisterAfter);
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    public FlowThresholds Thresholds => _thresholds;

    public BootstrapFlowSnapshot Snapshot
    {
        get
        {
            var key = new Key(_csrs.Snapshot, _cache.BootstrapTokenSecrets.Items, _cache.NodeRevision, _board.Current);
            var built = Volatile.Read(ref _built);
            if (built is not null && built.Key.Equals(key) && _time.GetUtcNow() - built.Snapshot.BuiltAt < CsrCatalog.ClockRecheck)
            {
                return built.Snapshot;
            }

            lock (_buildLock)
            {
                built = _built;
                var now = _time.GetUtcNow();
                if (built is not null && built.Key.Equals(key) && now - built.Snapshot.BuiltAt < CsrCatalog.ClockRecheck)
                {
                    return built.Snapshot;
                }

                var tokens = BootstrapTokenInventory.Build(key.Secrets, [], [], now, _tokens.ExpiringSoonThreshold);
                var flows = BootstrapFlowBuilder.Build(tokens, key.Csrs.Entries, _cache.Nodes.Items, key.Board, now, _thresholds);
                var loaded = _csrs.IsSynced && _cache.BootstrapTokenSecrets.Status.IsSynced;
                var snapshot = new BootstrapFlowSnapshot(flows, now, loaded);
                Volatile.Write(ref _built, new Built(key, snapshot));
                return snapshot;
            }
        }
    }

    private sealed record Built(Key Key, BootstrapFlowSnapshot Snapshot);

    /// <summary>The inputs; each is one immutable instance per change, so reference equality tells a change (the catalogue by its entries, the Nodes by revision).</summary>
    private sealed record Key(CsrCatalogSnapshot Csrs, IReadOnlyCollection<V1Secret> Secrets, long NodeRevision, NodeBoard Board)
    {
        public bool Equals(Key? other) =>
            other is not null && ReferenceEquals(Csrs.Entries, other.Csrs.Entries) && ReferenceEquals(Secrets, other.Secrets)
            && NodeRevision == other.NodeRevision && ReferenceEquals(Board, other.Board);

        public override int GetHashCode() => HashCode.Combine(Csrs.Entries, Secrets, NodeRevision, Board);
    }
}
