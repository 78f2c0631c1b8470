namespace BootstrapPortal.Core.Flow;

/// <summary>One step of a node's flow: its state and when it was reached (null when not reached or not on record).</summary>
public sealed record FlowStep(BootstrapStage Stage, FlowStepState State, DateTimeOffset? At)
{
    public string Label => FlowStageText.Label(Stage);
}
