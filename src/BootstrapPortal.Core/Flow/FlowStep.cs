namespace BootstrapPortal.Core.Flow;

/// <summary>One step of a node's flow: its state and when it was reached (null when not reached or not on record).</summary>
public sealed record FlowStep(BootstrapStage Stage, FlowStepState State, DateTimeOffset? At)
{
    public string Label => FlowStageText.Label(Stage);

    /// <summary>
    /// A passed step whose object (the token Secret, the bootstrap CSR) Kubernetes or a person has since removed, as happens
    /// to every joined node: expected, not a problem. Its time is then unknown.
    /// </summary>
    public bool Removed { get; init; }
}
