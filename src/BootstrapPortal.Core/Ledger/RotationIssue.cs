namespace BootstrapPortal.Core.Ledger;

/// <summary>Why a node's rotation is not healthy. The metric label is <see cref="RotationReason.Code"/>.</summary>
public enum RotationIssue
{
    /// <summary>A renewal request has waited longer than <c>Ledger:PendingRenewalThreshold</c> (Unhealthy).</summary>
    RenewalPending,

    /// <summary>The first serving certificate request waits for a person (Warning: nothing approves kubelet-serving by default).</summary>
    FirstRequestPending,

    /// <summary>Past <c>Ledger:RenewalOverdueFraction</c> of its lifetime with no renewal (Unhealthy: every kubelet would have renewed).</summary>
    RenewalOverdue,

    /// <summary>Past <c>Ledger:RenewalWarningFraction</c> with no renewal (Warning: kubelets renew anywhere between 70 and 90 %).</summary>
    RenewalDue,

    /// <summary>The ledger has no client certificate for the node (Warning: issued before the ledger existed, or outside the CSR API).</summary>
    NoCertificateOnRecord,

    /// <summary>The current certificate is not signed by the cluster CA (Unhealthy).</summary>
    NotChainingToClusterCa,

    /// <summary>The node is NotReady and its client certificate has expired: the kubelet cannot reach the API server (Unhealthy).</summary>
    ExpiredNotReady,

    /// <summary>The certificate on record has expired (serving: Unhealthy; client while the node is Ready: Warning, the node uses one the ledger has not seen).</summary>
    Expired,
}
