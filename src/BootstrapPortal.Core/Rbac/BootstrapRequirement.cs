namespace BootstrapPortal.Core.Rbac;

/// <summary>The three RBAC grants the kubelet TLS bootstrap flow needs (k/k cmd/kubeadm/app/phases/bootstraptoken/node/tlsbootstrap.go).</summary>
public enum BootstrapRequirement
{
    /// <summary>Bootstrap identities may create and read CSRs (ClusterRole <c>system:node-bootstrapper</c>).</summary>
    CreateCsrs,

    /// <summary>Their node client CSRs are auto-approved (ClusterRole <c>…:certificatesigningrequests:nodeclient</c>).</summary>
    AutoApproveClientCsrs,

    /// <summary>Renewals by nodes are auto-approved (ClusterRole <c>…:certificatesigningrequests:selfnodeclient</c> for <c>system:nodes</c>).</summary>
    AutoApproveRenewals,
}
