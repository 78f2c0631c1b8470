using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Cache;

/// <summary>
/// The one shared view of the cluster: a list+watch cache per resource kind the portal shows. Pages read from it; no page
/// view sends a list to the API server.
/// </summary>
public sealed class ClusterCache
{
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
            cache.Changed += OnChanged;
        }
    }

    /// <summary>Raised when any cache changes content or status. Handlers must be quick and must not throw.</summary>
    public event Action? Changed;

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
}
