namespace BootstrapPortal.Core.Csrs;

/// <summary>What approving a CSR asks of the person, by its verdict (<see cref="CsrApprovalRules.RequirementFor"/>).</summary>
public enum CsrApprovalRequirement
{
    /// <summary>Pass: a reason is enough; bulk approval takes it.</summary>
    Reason,

    /// <summary>Warn: the person confirms this one item after reading its warnings.</summary>
    Confirmation,

    /// <summary>Fail: the person overrides this one item explicitly, with a reason the audit trail keeps.</summary>
    Override,
}
