using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Cluster;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Flow;
using BootstrapPortal.Core.Ledger;
using BootstrapPortal.Core.Persistence;
using BootstrapPortal.Core.Preflight;
using BootstrapPortal.Core.Rbac;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Overview;

/// <summary>
/// The shared Overview read model: rebuilt when one of the read models it reads (CSR catalogue, RBAC analysis, nodes board,
/// flow, the last preflight) or the cache state has moved on, or every <see cref="CsrCatalog.ClockRecheck"/>; one instance for
/// every session. A Node status report (a heartbeat, <see cref="NodeChange"/>) moves none of them.
/// </summary>
public sealed class OverviewService
{
    private readonly ClusterCache _cache;
    private readonly CsrCatalog _csrs;
    private readonly RbacAuditService _rbac;
    private readonly NodeCertificateBoard _board;
    private readonly BootstrapFlowService _flow;
    private readonly PreflightService _preflight;
    private readonly LedgerOptions _ledger;
    private readonly TimeProvider _time;
    private readonly Lock _buildLock = new();
    private Built? _built;

    public OverviewService(ClusterCache cache, CsrCatalog csrs, RbacAuditService rbac, NodeCertificateBoard board, BootstrapFlowService flow,
        PreflightService preflight, IOptions<LedgerOptions> ledger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _csrs = csrs ?? throw new ArgumentNullException(nameof(csrs));
        _rbac = rbac ?? throw new ArgumentNullException(nameof(rbac));
        _board = board ?? throw new ArgumentNullException(nameof(board));
        _flow = flow ?? throw new ArgumentNullException(nameof(flow));
        _preflight = preflight ?? throw new ArgumentNullException(nameof(preflight));
        _ledger = ledger.Value;
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    public OverviewSnapshot Snapshot
    {
        get
        {
            var key = new Key(_csrs.Snapshot, _rbac.Current, _board.Current, _flow.Snapshot, _preflight.Last, ConnectionSummary.From(_cache.Statuses),
                _cache.NodeRevision);
            var built = Volatile.Read(ref _built);
            if (built is not null && built.Key.Equals(key) && _time.GetUtcNow() - built.Snapshot.BuiltAt < CsrCatalog.ClockRecheck)
            {
                return built.Snapshot;
            }

            lock (_buildLock)
            {
                var nodes = _cache.Nodes.Items;
                var ready = nodes.Count(n => NodeBoardBuilder.ReadyOf(n) == true);
                var loaded = _csrs.IsSynced && key.Rbac.IsSynced && key.Board.Loaded;
                var inputs = new OverviewBuilder.Inputs(key.Csrs, key.Rbac.Tokens, key.Board, key.Flow, key.Rbac.IsSynced ? key.Rbac.Checklist : [],
                    key.Preflight, key.Connection, nodes.Count, ready, loaded, _ledger.ExpiringSoonWindow);
                var snapshot = OverviewBuilder.Build(inputs, _time.GetUtcNow());
                Volatile.Write(ref _built, new Built(key, snapshot));
                return snapshot;
            }
        }
    }

    private sealed record Built(Key Key, OverviewSnapshot Snapshot);

    /// <summary>The inputs: shared snapshots compared by reference, and the connection summary by value.</summary>
    private sealed record Key(CsrCatalogSnapshot Csrs, RbacAnalysis Rbac, NodeBoard Board, BootstrapFlowSnapshot Flow, PreflightReport? Preflight,
        ConnectionSummary Connection, long NodeRevision)
    {
        public bool Equals(Key? other) =>
            other is not null && ReferenceEquals(Csrs.Entries, other.Csrs.Entries) && ReferenceEquals(Rbac, other.Rbac) && ReferenceEquals(Board, other.Board)
            && ReferenceEquals(Flow, other.Flow) && ReferenceEquals(Preflight, other.Preflight) && Connection.Equals(other.Connection)
            && NodeRevision == other.NodeRevision;

        public override int GetHashCode() => HashCode.Combine(Csrs.Entries, Rbac, Board, Flow);
    }
}
