using BootstrapPortal.Core.Access;

namespace BootstrapPortal.Core.Kubeconfigs;

/// <summary>Mints per-node bootstrap tokens and renders their kubeconfigs.</summary>
public interface IBootstrapKubeconfigService
{
    /// <summary>Needs <see cref="PortalPermission.CreateKubeconfigs"/>. A fresh token for the node and its kubeconfig. Throws <see cref="Tokens.TokenValidationException"/> for bad input.</summary>
    Task<BootstrapKubeconfig> CreateForNodeAsync(BootstrapKubeconfigRequest request, PortalActor actor, CancellationToken cancellationToken);

    /// <summary>Like <see cref="CreateForNodeAsync"/> for several nodes; every request is validated before any token is created.</summary>
    Task<IReadOnlyList<BootstrapKubeconfig>> CreateForNodesAsync(IReadOnlyList<BootstrapKubeconfigRequest> requests, PortalActor actor, CancellationToken cancellationToken);

    /// <summary>A zip with one folder per node holding <c>bootstrap-kubelet.conf</c> (mode 0600).</summary>
    byte[] Zip(IReadOnlyList<BootstrapKubeconfig> kubeconfigs);
}
