namespace BootstrapPortal.Core.Csrs;

/// <summary>Options of the <c>CsrPolicy</c> section: verdict limits, bulk approval and the optional serving-certificate approver.</summary>
public sealed class CsrPolicyOptions
{
    public const string SectionName = "CsrPolicy";

    /// <summary>Run the policy approver for <c>kubernetes.io/kubelet-serving</c> CSRs (off by default).</summary>
    public bool ServingApprover { get; set; }

    /// <summary>The longest <c>spec.expirationSeconds</c> a CSR may ask for before its verdict fails (default 365 days).</summary>
    public TimeSpan MaxRequestedLifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>How many approvals a bulk approval sends at once.</summary>
    public int BulkConcurrency { get; set; } = 4;

    /// <summary>The person recorded in the policy approver's conditions.</summary>
    public string PolicyActor { get; set; } = "serving-policy-approver";
}
