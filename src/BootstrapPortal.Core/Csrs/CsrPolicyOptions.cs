using BootstrapPortal.Core.Csrs.Serving;

namespace BootstrapPortal.Core.Csrs;

/// <summary>Options of the <c>CsrPolicy</c> section: verdict limits, bulk approval and the serving-certificate policy.</summary>
public sealed class CsrPolicyOptions
{
    public const string SectionName = "CsrPolicy";

    /// <summary>The longest <c>spec.expirationSeconds</c> a CSR may ask for before its verdict fails (default 365 days).</summary>
    public TimeSpan MaxRequestedLifetime { get; set; } = CsrVerdictContext.DefaultMaxRequestedLifetime;

    /// <summary>
    /// How long a node's kubelet must have stopped reporting (Ready not True, or no heartbeat) before a bootstrap request for
    /// its name counts as a re-join after a reset (Warn) instead of a takeover (Fail). Default 10 minutes: healthy kubelets
    /// refresh the Ready condition at least every 5 minutes.
    /// </summary>
    public TimeSpan RejoinNotReadyAfter { get; set; } = CsrVerdictContext.DefaultRejoinNotReadyAfter;

    /// <summary>How many approvals a bulk approval sends at once.</summary>
    public int BulkConcurrency { get; set; } = 16;

    /// <summary>The name the serving policy approver records in its conditions and the audit trail.</summary>
    public string PolicyActor { get; set; } = "serving-policy-approver";

    /// <summary>The serving-certificate policy used until an Admin saves one (then the ConfigMap wins).</summary>
    public ServingPolicySettings Serving { get; set; } = new();

    /// <summary>Namespace of the ConfigMap holding the serving policy; empty means the pod's namespace in-cluster, else <c>kube-system</c>.</summary>
    public string ServingPolicyNamespace { get; set; } = string.Empty;

    /// <summary>Name of the ConfigMap holding the serving policy.</summary>
    public string ServingPolicyConfigMap { get; set; } = "bootstrapportal-serving-policy";
}
