using System.Runtime.CompilerServices;
using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Csrs.Serving;
using BootstrapPortal.Core.Rbac;
using k8s.Models;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// The CSR list, detail and verdicts, read from the shared <see cref="ClusterCache"/> (no API call per page view). Verdicts
/// are judged against the cached Nodes and RBAC objects and the serving policy into a <see cref="CsrCatalogSnapshot"/> that
/// every session shares, built when a reader asks after a change (see <see cref="CsrCatalogBuilder"/>): after a CSR or Node
/// change only the entries that depend on it are judged again; a change of RBAC, the policy or the options judges every
/// entry again but decodes nothing. A quiet cluster builds nothing; only the few verdicts the clock can change
/// (<see cref="CsrVerdicts.DependsOnClock"/>) are judged again, at most every <see cref="ClockRecheck"/>. A Node update that
/// only moved its status report (a heartbeat, <see cref="NodeChange"/>) judges again only that node's entries that read the
/// heartbeat, and when no verdict changed the new snapshot shares the previous one's entries, orders and facets.
/// <para>
/// Readers do not queue behind a Node-driven build (stale-while-revalidate): while one thread builds, a reader whose inputs
/// differ from the last snapshot only by Nodes, or only by the clock recheck, takes the last snapshot at once; it is at most
/// one build behind, and the next reader after the build gets the new one. A reader after a CSR, RBAC, serving policy or
/// options change waits for the build, so an approval is seen by the next read (read-your-writes).
/// </para>
/// Subscribe to <see cref="ClusterCache.Changed"/> and <see cref="IServingPolicyStore.Changed"/> for live updates, and to
/// <see cref="ClusterCache.NodeStatusReported"/> where a verdict that follows a heartbeat is shown.
/// </summary>
public sealed class CsrCatalog
{
    /// <summary>How often the verdicts that depend on the clock (re-join checks of pending requests) are judged again, when any exist.</summary>
    public static readonly TimeSpan ClockRecheck = TimeSpan.FromSeconds(60);

    private readonly ClusterCache _cache;
    private readonly IClusterCaSource _ca;
    private readonly IServingPolicyStore _policy;
    private readonly IOptionsMonitor<CsrPolicyOptions> _options;
    private readonly TimeProvider _time;
    private readonly Lock _buildLock = new();

    // Decoding is the expensive part of a view; cached objects are immutable, so a view is decoded once per object version.
    private readonly ConditionalWeakTable<V1CertificateSigningRequest, CsrView> _views = new();
    private CsrCatalogBuilder.Built? _built;
    private JudgingNodes? _judgingNodes;
    private long _builds;
    private long _fullBuilds;
    private long _judgements;
    private long _staleReads;

    public CsrCatalog(ClusterCache cache, IClusterCaSource ca, IServingPolicyStore policy, IOptionsMonitor<CsrPolicyOptions> options, TimeProvider time)
    {
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _ca = ca ?? throw new ArgumentNullException(nameof(ca));
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>True when the caches a verdict depends on (CSRs, Nodes, RBAC) have listed and are watching.</summary>
    public bool IsSynced =>
        _cache.CertificateSigningRequests.Status.IsSynced && _cache.Nodes.Status.IsSynced && _cache.ClusterRoles.Status.IsSynced
        && _cache.ClusterRoleBindings.Status.IsSynced && _cache.Roles.Status.IsSynced && _cache.RoleBindings.Status.IsSynced;

    /// <summary>How many CSRs are pending (for the navigation badge).</summary>
    public int PendingCount => CertificateRequestStates.CountPending(_cache.CertificateSigningRequests.Items);

    /// <summary>How many snapshots this catalogue has built (full and incremental); the <see cref="CsrCatalogSnapshot.Version"/> of the latest.</summary>
    public long Builds => Interlocked.Read(ref _builds);

    /// <summary>How many of those snapshots have entries of their own (indexed, ordered and counted again); the others share the previous one's (only Nodes moved, no verdict changed).</summary>
    public long FullBuilds => Interlocked.Read(ref _fullBuilds);

    /// <summary>How many verdicts the builds have judged.</summary>
    public long Judgements => Interlocked.Read(ref _judgements);

    /// <summary>How many reads took the last snapshot while another thread built the next one from newer Nodes.</summary>
    public long StaleReads => Interlocked.Read(ref _staleReads);

    /// <summary>Every CSR with its verdict, shared until the cache, the policy or the options change (or a clock-dependent verdict is due).</summary>
    public CsrCatalogSnapshot Snapshot
    {
        get
        {
            var inputs = CsrCatalogBuilder.Inputs.Of(_cache, _policy.Current, _options.CurrentValue);
            var now = _time.GetUtcNow();
            var built = Volatile.Read(ref _built);
            if (built is not null && built.IsCurrent(inputs, now, ClockRecheck))
            {
                return built.Snapshot;
            }

            if (built is not null && built.DiffersOnlyByNodes(inputs))
            {
                if (!_buildLock.TryEnter())
                {
                    Interlocked.Increment(ref _staleReads);
                    return built.Snapshot;
                }
            }
            else
            {
                _buildLock.Enter();
            }

            try
            {
                built = _built;
                if (built is not null && built.IsCurrent(inputs, now, ClockRecheck))
                {
                    return built.Snapshot;
                }

                var version = Interlocked.Increment(ref _builds);
                built = CsrCatalogBuilder.Build(built, inputs, now, version, csr => ViewOf(csr, _ca.GetCaPem()));
                Interlocked.Add(ref _judgements, built.Judged);
                if (built.NewEntries)
                {
                    Interlocked.Increment(ref _fullBuilds);
                }

                Volatile.Write(ref _built, built);
                return built.Snapshot;
            }
            finally
            {
                _buildLock.Exit();
            }
        }
    }

    /// <summary>One page of the CSR list (filter, order, window) from the current snapshot; throws <see cref="ArgumentException"/> when the query is out of range.</summary>
    public CsrListPage Query(CsrListQuery query) => Snapshot.Query(query);

    /// <summary>Every CSR matching <paramref name="query"/>, newest first, each with its verdict.</summary>
    public IReadOnlyList<CsrEntry> List(CsrQuery? query = null)
    {
        var entries = Snapshot.Entries;
        return query is null ? entries : entries.Where(query.Matches).ToArray();
    }

    /// <summary>One CSR by name from the cache; null when unknown.</summary>
    public CsrEntry? Get(string name) => Snapshot.Find(name);

    /// <summary>
    /// View and verdict of an object (e.g. one just read from the API server), judged with the current Nodes, RBAC, policy and
    /// options. When only CSRs changed since the last snapshot its context is used as it is, so deciding many CSRs in a row
    /// (each decision a CSR change) builds no snapshot per item: CSRs other than the judged one only add to the
    /// client-certificate history, which changes a check's wording, never its result.
    /// </summary>
    public CsrEntry Evaluate(V1CertificateSigningRequest csr)
    {
        var view = CsrViews.Create(csr, CreateViewContext());
        return new CsrEntry(view, CsrVerdicts.Evaluate(view, JudgingContext()));
    }

    private CsrVerdictContext JudgingContext()
    {
        var built = Volatile.Read(ref _built);
        var inputs = CsrCatalogBuilder.Inputs.Of(_cache, _policy.Current, _options.CurrentValue);
        if (built is null || !built.Inputs.SameJudgement(inputs))
        {
            return Snapshot.Context;
        }

        // Only CSRs and Nodes changed since the last snapshot. On a large fleet Nodes change all the time (every kubelet's
        // status heartbeat), so the decision is judged against the current Nodes and the snapshot's RBAC without building
        // a snapshot per decision; the context for one list of Nodes is shared by the decisions made while it is current
        // (made from the snapshot's, reusing the facts of every unchanged Node).
        var now = _time.GetUtcNow();
        var context = built.Snapshot.Context;
        if (ReferenceEquals(built.Inputs.Nodes, inputs.Nodes))
        {
            return context.With(now, context.History);
        }

        var memo = Volatile.Read(ref _judgingNodes);
        if (memo is null || !ReferenceEquals(memo.Nodes, inputs.Nodes) || !ReferenceEquals(memo.Base, context))
        {
            memo = new JudgingNodes(inputs.Nodes, context, context.WithNodes(inputs.Nodes, now));
            Volatile.Write(ref _judgingNodes, memo);
        }

        return memo.Context.With(now, context.History);
    }

    /// <summary>A verdict context over one list of Nodes, made from a snapshot's context (<see cref="Base"/>).</summary>
    private sealed record JudgingNodes(IReadOnlyCollection<V1Node> Nodes, CsrVerdictContext Base, CsrVerdictContext Context);

    public CsrViewContext CreateViewContext() => new(_time.GetUtcNow(), _ca.GetCaPem());

    /// <summary>The context of the current snapshot (shared; judge other objects or a draft policy against it).</summary>
    public CsrVerdictContext CreateVerdictContext() => Snapshot.Context;

    /// <summary>
    /// The decoded view of a cached object, decoded once per object version and shared by the list, the detail page and the
    /// certificate ledger.
    /// </summary>
    public CsrView ViewOf(V1CertificateSigningRequest csr)
    {
        ArgumentNullException.ThrowIfNull(csr);
        return ViewOf(csr, _ca.GetCaPem());
    }

    private CsrView ViewOf(V1CertificateSigningRequest csr, string? caPem) =>
        _views.GetValue(csr, c => CsrViews.Create(c, new CsrViewContext(_time.GetUtcNow(), caPem)));
}
