namespace BootstrapPortal.Sandbox.Fleet;

/// <summary>The kinds of CertificateSigningRequests the fleet scenario preloads.</summary>
public enum FleetCsrKind
{
    /// <summary>A node's first client certificate, requested with a bootstrap token and approved by csrapproving (nodeclient).</summary>
    Bootstrap,

    /// <summary>A client certificate rotation, requested by the node itself and approved by csrapproving (selfnodeclient).</summary>
    Renewal,

    /// <summary>A kubelet-serving certificate a person approved with <c>kubectl certificate approve</c>.</summary>
    ServingApproved,

    /// <summary>A kubelet-serving request nobody approved.</summary>
    ServingPending,

    /// <summary>A renewal of a stuck node (DNS subjectAltName), pending.</summary>
    StuckRenewal,

    /// <summary>A node asking for another node's client identity, pending.</summary>
    ClaimsOtherNode,

    /// <summary>A service account asking for <c>system:kube-controller-manager</c> through kube-apiserver-client, pending.</summary>
    ClaimsControllerManager,

    /// <summary>A user asking for a client certificate in <c>kubeadm:cluster-admins</c> (cluster-admin), pending.</summary>
    ClaimsClusterAdmin,

    /// <summary>A bootstrap token asking for a node's serving certificate, pending.</summary>
    ServingFromBootstrapToken,
}
