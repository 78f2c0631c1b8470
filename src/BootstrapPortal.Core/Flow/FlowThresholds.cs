namespace BootstrapPortal.Core.Flow;

/// <summary>
/// How long a step may take before the flow calls it stuck. <paramref name="ControllerStuckAfter"/> is for what
/// kube-controller-manager does within seconds (auto-approval, signing; <c>Preflight:StuckAfter</c>);
/// <paramref name="PersonPendingAfter"/> for requests that wait for a person or a renewal (<c>Ledger:PendingRenewalThreshold</c>);
/// <paramref name="RegisterAfter"/> for a kubelet to register its Node after its certificate was issued.
/// </summary>
public sealed record FlowThresholds(TimeSpan ControllerStuckAfter, TimeSpan PersonPendingAfter, TimeSpan RegisterAfter)
{
    public static FlowThresholds Default { get; } = new(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10));
}
