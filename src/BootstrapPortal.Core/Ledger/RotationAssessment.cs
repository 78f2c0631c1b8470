namespace BootstrapPortal.Core.Ledger;

/// <summary>The verdict on a node's certificate rotation: the worst severity and every reason, worst first.</summary>
public sealed record RotationAssessment(RotationStatus Status, IReadOnlyList<RotationReason> Reasons)
{
    public static RotationAssessment Healthy { get; } = new(RotationStatus.Healthy, []);
}
