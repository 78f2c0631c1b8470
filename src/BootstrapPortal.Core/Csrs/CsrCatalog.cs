using System.Runtime.CompilerServices;
using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Rbac;
using k8s.Models;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// The CSR list, detail and verdicts, read from the shared <see cref="ClusterCache"/> (no API call per page view). Verdicts
/// are judged against the cached Nodes and RBAC objects. Subscribe to <see cref="ClusterCache.Changed"/> for live updates.
/// </summary>
public sealed class CsrCatalog
{
    private readonly ClusterCache _cache;
    private readonly IClusterCaSource _ca;
    private readonly IOptionsMonitor<CsrPolicyOptions> _options;
    private readonly TimeProvider _time;

    // Decoding is the expensive part of a view; cached objects are immutable snapshots, so a view is decoded once per object
    // version and only its clock-dependent fields are refreshed per call.
    private readonly ConditionalWeakTable<V1CertificateSigningRequest, CsrView> _views = new();

    public CsrCatalog(ClusterCache cache, IClusterCaSource ca, IOptionsMonitor<CsrPolicyOptions> options, TimeProvider time)
    {
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _ca = ca ?? throw new ArgumentNullException(nameof(ca));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>True when the caches a verdict depends on (CSRs, Nodes, RBAC) have listed and are watching.</summary>
    public bool IsSynced =>
        _cache.CertificateSigningRequests.Status.IsSynced && _cache.Nodes.Status.IsSynced && _cache.ClusterRoles.Status.IsSynced
        && _cache.ClusterRoleBindings.Status.IsSynced && _cache.Roles.Status.IsSynced && _cache.RoleBindings.Status.IsSynced;

    /// <summary>How many CSRs are pending (for the navigation badge).</summary>
    public int PendingCount => CertificateRequestStates.CountPending(_cache.CertificateSigningRequests.Items);

    /// <summary>The CSRs matching <paramref name="query"/>, newest first, each with its verdict.</summary>
    public IReadOnlyList<CsrEntry> List(CsrQuery? query = null)
    {
        query ??= CsrQuery.All;
        var viewContext = CreateViewContext();
        var verdictContext = CreateVerdictContext();
        return _cache.CertificateSigningRequests.Items
            .Select(csr => ViewOf(csr, viewContext))
            .Where(query.Matches)
            .OrderByDescending(v => v.CreatedAt ?? DateTimeOffset.MinValue)
            .ThenBy(v => v.Name, StringComparer.Ordinal)
            .Select(v => new CsrEntry(v, CsrVerdicts.Evaluate(v, verdictContext)))
            .ToArray();
    }

    /// <summary>One CSR by name from the cache; null when unknown.</summary>
    public CsrEntry? Get(string name)
    {
        var csr = _cache.CertificateSigningRequests.Get(null, name);
        if (csr is null)
        {
            return null;
        }

        var view = ViewOf(csr, CreateViewContext());
        return new CsrEntry(view, CsrVerdicts.Evaluate(view, CreateVerdictContext()));
    }

    /// <summary>View and verdict of an object (e.g. one just read from the API server).</summary>
    public CsrEntry Evaluate(V1CertificateSigningRequest csr)
    {
        var view = CsrViews.Create(csr, CreateViewContext());
        return new CsrEntry(view, CsrVerdicts.Evaluate(view, CreateVerdictContext()));
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

    public CsrViewContext CreateViewContext() => new(_time.GetUtcNow(), _ca.GetCaPem());

    public CsrVerdictContext CreateVerdictContext() => new(
        _cache.Nodes.Items,
        new RbacPolicy(_cache.ClusterRoles.Items, _cache.ClusterRoleBindings.Items, _cache.Roles.Items, _cache.RoleBindings.Items),
        _options.CurrentValue.MaxRequestedLifetime);
}
