namespace BootstrapPortal.Core.Flow;

/// <summary>How bad a <see cref="FlowBlocker"/> is.</summary>
public enum FlowBlockerSeverity
{
    /// <summary>Waits for a person (approve a serving CSR, a token about to lapse unused).</summary>
    Attention,

    /// <summary>The flow is broken here (expired token, denied CSR, a controller that does not act, a renewal that does not come).</summary>
    Blocked,
}
