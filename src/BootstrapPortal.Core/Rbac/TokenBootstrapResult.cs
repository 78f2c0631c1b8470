namespace BootstrapPortal.Core.Rbac;

/// <summary>Whether a bootstrap token can bring a node into this cluster, judged by its Secret and the cluster's RBAC.</summary>
public enum TokenBootstrapResult
{
    /// <summary>It can create and read CSRs, and kube-controller-manager auto-approves its node client CSRs.</summary>
    AutoApproved,

    /// <summary>It can create and read CSRs, but each node's client CSR waits for a person to approve it.</summary>
    NeedsApproval,

    /// <summary>It cannot bootstrap a node (not authenticated, or may not create or read CSRs).</summary>
    CannotBootstrap,
}
