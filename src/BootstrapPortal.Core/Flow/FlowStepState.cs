namespace BootstrapPortal.Core.Flow;

/// <summary>How one step of a node's bootstrap flow stands.</summary>
public enum FlowStepState
{
    /// <summary>Reached and passed.</summary>
    Done,

    /// <summary>The furthest step reached; the node waits here without a problem.</summary>
    Current,

    /// <summary>The furthest step reached, and something keeps the node from moving on (see <see cref="NodeFlow.Blocker"/>).</summary>
    Blocked,

    /// <summary>Not reached yet.</summary>
    Ahead,
}
