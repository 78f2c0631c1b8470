using System.Runtime.CompilerServices;
using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Csrs.Serving;
using BootstrapPortal.Core.Rbac;
using k8s.Models;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// The CSR list, detail and verdicts, read from the shared <see cref="ClusterCache"/> (no API call per page view). Verdicts
/// are judged against the cached Nodes and RBAC objects and the serving policy, once per change into a
/// <see cref="CsrCatalogSnapshot"/> that every session shares. Subscribe to <see cref="ClusterCache.Changed"/> and
/// <see cref="IServingPolicyStore.Changed"/> for live updates.
/// </summary>
public sealed class CsrCatalog
{
    /// <summary>How stale the clock-dependent parts (ages, node heartbeats) of a snapshot may get before it is rebuilt.</summary>
    public static readonly TimeSpan ClockRefresh = TimeSpan.FromSeconds(15);

    private readonly ClusterCache _cache;
    private readonly IClusterCaSource _ca;
    private readonly IServingPolicyStore _policy;
    private readonly IOptionsMonitor<CsrPolicyOptions> _options;
    private readonly TimeProvider _time;
    private readonly Lock _buildLock = new();

    // Decoding is the expensive part of a view; cached objects are immutable snapshots, so a view is decoded once per object
    // version and only its clock-dependent fields are refreshed per snapshot.
    private readonly ConditionalWeakTable<V1CertificateSigningRequest, CsrView> _views = new();
    private Built? _built;

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

    /// <summary>Every CSR with its verdict, shared until the cache, the policy or (after <see cref="ClockRefresh"/>) the clock moves on.</summary>
    public CsrCatalogSnapshot Snapshot
    {
        get
        {
            var key = Key.Of(_cache, _policy.Current, _options.CurrentValue);
            var now = _time.GetUtcNow();
            var built = Volatile.Read(ref _built);
            if (built is not null && built.Key == key && now - built.Snapshot.BuiltAt < ClockRefresh)
            {
                return built.Snapshot;
            }

            lock (_buildLock)
            {
                built = _built;
                if (built is not null && built.Key == key && now - built.Snapshot.BuiltAt < ClockRefresh)
                {
                    return built.Snapshot;
                }

                var snapshot = Build(key, now);
                Volatile.Write(ref _built, new Built(key, snapshot));
                return snapshot;
            }
        }
    }

    /// <summary>The CSRs matching <paramref name="query"/>, newest first, each with its verdict.</summary>
    public IReadOnlyList<CsrEntry> List(CsrQuery? query = null)
    {
        var entries = Snapshot.Entries;
        return query is null ? entries : entries.Where(e => query.Matches(e.View)).ToArray();
    }

    /// <summary>One CSR by name from the cache; null when unknown.</summary>
    public CsrEntry? Get(string name) => Snapshot.Find(name);

    /// <summary>View and verdict of an object (e.g. one just read from the API server), judged with the current snapshot's context.</summary>
    public CsrEntry Evaluate(V1CertificateSigningRequest csr)
    {
        var view = CsrViews.Create(csr, CreateViewContext());
        return new CsrEntry(view, CsrVerdicts.Evaluate(view, Snapshot.Context));
    }

    public CsrViewContext CreateViewContext() => new(_time.GetUtcNow(), _ca.GetCaPem());

    /// <summary>The context of the current snapshot (shared; judge other objects or a draft policy against it).</summary>
    public CsrVerdictContext CreateVerdictContext() => Snapshot.Context;

    private CsrCatalogSnapshot Build(Key key, DateTimeOffset now)
    {
        var viewContext = new CsrViewContext(now, _ca.GetCaPem());
        var views = key.Csrs.Select(csr => ViewOf(csr, viewContext)).ToArray();
        var context = new CsrVerdictContext(key.Nodes, new RbacPolicy(key.ClusterRoles, key.ClusterRoleBindings, key.Roles, key.RoleBindings), now)
        {
            Subjects = new RbacSubjectNames(key.ClusterRoleBindings, key.RoleBindings),
            History = new ClientCertificateHistory(views),
            MaxRequestedLifetime = key.Options.MaxRequestedLifetime,
            RejoinNotReadyAfter = key.Options.RejoinNotReadyAfter,
            Serving = key.Policy.Rules,
        };
        var entries = views
            .OrderByDescending(v => v.CreatedAt ?? DateTimeOffset.MinValue)
            .ThenBy(v => v.Name, StringComparer.Ordinal)
            .Select(v => new CsrEntry(v, CsrVerdicts.Evaluate(v, context)))
            .ToArray();
        return new CsrCatalogSnapshot(entries, context, now);
    }

    /// <summary>
    /// The decoded view of a cached object, decoded once per object version and shared by the list, the detail page and the
    /// certificate ledger.
    /// </summary>
    public CsrView ViewOf(V1CertificateSigningRequest csr)
    {
        ArgumentNullException.ThrowIfNull(csr);
        return ViewOf(csr, CreateViewContext());
    }

    private CsrView ViewOf(V1CertificateSigningRequest csr, CsrViewContext context)
    {
        var view = _views.GetValue(csr, c => CsrViews.Create(c, context));
        return view with
        {
            Age = view.CreatedAt is null ? null : context.Now - view.CreatedAt.Value,
            CertificateTimeLeft = view.Certificate is null ? null : view.Certificate.NotAfter - context.Now,
        };
    }

    private sealed record Built(Key Key, CsrCatalogSnapshot Snapshot);

    /// <summary>The inputs of a snapshot; each cache's items are one immutable instance per change, so reference equality tells a change.</summary>
    private sealed record Key(
        IReadOnlyCollection<V1CertificateSigningRequest> Csrs,
        IReadOnlyCollection<V1Node> Nodes,
        IReadOnlyCollection<V1ClusterRole> ClusterRoles,
        IReadOnlyCollection<V1ClusterRoleBinding> ClusterRoleBindings,
        IReadOnlyCollection<V1Role> Roles,
        IReadOnlyCollection<V1RoleBinding> RoleBindings,
        ServingPolicySnapshot Policy,
        CsrPolicyOptions Options)
    {
        public static Key Of(ClusterCache cache, ServingPolicySnapshot policy, CsrPolicyOptions options) => new(
            cache.CertificateSigningRequests.Items, cache.Nodes.Items, cache.ClusterRoles.Items, cache.ClusterRoleBindings.Items,
            cache.Roles.Items, cache.RoleBindings.Items, policy, options);

        public bool Equals(Key? other) =>
            other is not null && ReferenceEquals(Csrs, other.Csrs) && ReferenceEquals(Nodes, other.Nodes)
            && ReferenceEquals(ClusterRoles, other.ClusterRoles) && ReferenceEquals(ClusterRoleBindings, other.ClusterRoleBindings)
            && ReferenceEquals(Roles, other.Roles) && ReferenceEquals(RoleBindings, other.RoleBindings)
            && ReferenceEquals(Policy, other.Policy) && ReferenceEquals(Options, other.Options);

        public override int GetHashCode() => HashCode.Combine(Csrs, Nodes, Policy);
    }
}
