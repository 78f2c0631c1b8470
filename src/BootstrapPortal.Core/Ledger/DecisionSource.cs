namespace BootstrapPortal.Core.Ledger;

/// <summary>Where the ledger learnt who decided a CSR (Kubernetes itself does not record the deciding identity).</summary>
public enum DecisionSource
{
    /// <summary>The portal's audit trail: the person or script that decided through the portal.</summary>
    AuditTrail,

    /// <summary>
    /// The condition's message as the portal writes it ("… (by NAME via BootstrapPortal)"), with no audit record to confirm it.
    /// Anyone allowed to approve can write such a message, so it is shown as unconfirmed.
    /// </summary>
    ConditionMessage,

    /// <summary>A controller that names itself in the condition reason (kube-controller-manager's <c>AutoApproved</c>).</summary>
    Controller,

    /// <summary>Not recorded anywhere (e.g. <c>kubectl certificate approve</c>: Kubernetes keeps no name).</summary>
    Unknown,
}
