using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Cache;

/// <summary>
/// The one shared view of the cluster: a list+watch cache per resource kind the portal shows. Pages read from it; no page
/// view sends a list to the API server. A Node update that only moves the kubelet's status report
/// (<see cref="NodeChange"/>) is told apart from one that changes what readers show: it raises
/// <see cref="NodeStatusReported"/> instead of <see cref="Changed"/> and <see cref="NodesChanged"/>, so a fleet of reporting
/// Nodes keeps no page or read model busy.
/// </summary>
public sealed class ClusterCache
{
    private long _nodeRevision;
    private long _nodeStatusReports;
    private int _nodeContentMoved;
    private int _nodeReported;
    private CacheStatus? _nodeStatusSeen;

    public ClusterCache(IOptions<InformerOptions> options, TimeProvider time, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var o = options.Value;
        var logger = loggerFactory.CreateLogger<ClusterCache>();
        Nodes = new ResourceInformer<V1Node>(ClusterResourceSources.Nodes, o, time, logger);
        CertificateSigningRequests = new ResourceInformer<V1CertificateSigningRequest>(ClusterResourceSources.CertificateSigningRequests, o, time, logger);
        BootstrapTokenSecrets = new ResourceInformer<V1Secret>(ClusterResourceSources.BootstrapTokenSecrets, o, time, logger);
        ClusterRoles = new ResourceInformer<V1ClusterRole>(ClusterResourceSources.ClusterRoles, o, time, logger);
        ClusterRoleBindings = new ResourceInformer<V1ClusterRoleBinding>(ClusterResourceSources.ClusterRoleBindings, o, time, logger);
        Roles = new ResourceInformer<V1Role>(ClusterResourceSources.Roles, o, time, logger);
        RoleBindings = new ResourceInformer<V1RoleBinding>(ClusterResourceSources.RoleBindings, o, time, logger);
        All = [Nodes, CertificateSigningRequests, BootstrapTokenSecrets, ClusterRoles, ClusterRoleBindings, Roles, RoleBindings];
        foreach (var cache in All)
        {
            if (!ReferenceEquals(cache, Nodes))
            {
                cache.Changed += OnChanged;
            }
        }

        Nodes.ItemChanged += OnNodeItemChanged;
        Nodes.Changed += OnNodesCacheChanged;
    }

    /// <summary>
    /// Raised when any cache changes content or status, except for Node updates that only moved a status report (see
    /// <see cref="NodeStatusReported"/>). Handlers must be quick and must not throw.
    /// </summary>
    public event Action? Changed;

    /// <summary>Raised when the Nodes' content that readers show changed (<see cref="NodeChangeKind.Content"/>) or the Nodes cache's state did. Handlers must be quick and must not throw.</summary>
    public event Action? NodesChanged;

    /// <summary>
    /// Raised when Node updates moved only status reports (heartbeats). Only readers whose output follows a heartbeat (the
    /// re-join check of a pending bootstrap request) listen to it. Handlers must be quick and must not throw.
    /// </summary>
    public event Action? NodeStatusReported;

    /// <summary>Grows with every Node change readers show (added, deleted, relisted, <see cref="NodeChangeKind.Content"/>); read models key on it instead of on <see cref="ResourceInformer{T}.Items"/>.</summary>
    public long NodeRevision => Interlocked.Read(ref _nodeRevision);

    /// <summary>How many Node updates moved only a status report.</summary>
    public long NodeStatusReports => Interlocked.Read(ref _nodeStatusReports);

    public ResourceInformer<V1Node> Nodes { get; }

    public ResourceInformer<V1CertificateSigningRequest> CertificateSigningRequests { get; }

    public ResourceInformer<V1Secret> BootstrapTokenSecrets { get; }

    public ResourceInformer<V1ClusterRole> ClusterRoles { get; }

    public ResourceInformer<V1ClusterRoleBinding> ClusterRoleBindings { get; }

    public ResourceInformer<V1Role> Roles { get; }

    public ResourceInformer<V1RoleBinding> RoleBindings { get; }

    public IReadOnlyList<IResourceCache> All { get; }

    public IReadOnlyList<CacheStatus> Statuses => All.Select(c => c.Status).ToArray();

    /// <summary>True while every cache has listed and is watching.</summary>
    public bool IsSynced => All.All(c => c.Status.IsSynced);

    /// <summary>Runs every list+watch loop until cancelled.</summary>
    public Task RunAsync(IKubernetes client, CancellationToken cancellationToken) =>
        Task.WhenAll(
            Nodes.RunAsync(client, cancellationToken),
            CertificateSigningRequests.RunAsync(client, cancellationToken),
            BootstrapTokenSecrets.RunAsync(client, cancellationToken),
            ClusterRoles.RunAsync(client, cancellationToken),
            ClusterRoleBindings.RunAsync(client, cancellationToken),
            Roles.RunAsync(client, cancellationToken),
            RoleBindings.RunAsync(client, cancellationToken));

    private void OnChanged() => Changed?.Invoke();

    // Both run on the Nodes cache's loop: the typed change first, then the cache's Changed (content or status).
    private void OnNodeItemChanged(ResourceChange<V1Node> change)
    {
        if (NodeChange.IsStatusReportOnly(change))
        {
            Interlocked.Increment(ref _nodeStatusReports);
            Volatile.Write(ref _nodeReported, 1);
        }
        else
        {
            Interlocked.Increment(ref _nodeRevision);
            Volatile.Write(ref _nodeContentMoved, 1);
        }
    }

    private void OnNodesCacheChanged()
    {
        var moved = Interlocked.Exchange(ref _nodeContentMoved, 0) == 1;
        var reported = Interlocked.Exchange(ref _nodeReported, 0) == 1;
        var status = Nodes.Status;
        var seen = Interlocked.Exchange(ref _nodeStatusSeen, status);

        // The count and resourceVersion move with every event; the state, errors and reconnections are what a reader shows.
        var statusMoved = seen is null || seen.State != status.State || !string.Equals(seen.LastError, status.LastError, StringComparison.Ordinal)
            || seen.LastSyncedAt != status.LastSyncedAt || seen.Relists != status.Relists || seen.Reconnects != status.Reconnects;
        if (moved || statusMoved)
        {
            NodesChanged?.Invoke();
            Changed?.Invoke();
        }
        else if (reported)
        {
            NodeStatusReported?.Invoke();
        }
    }
}
