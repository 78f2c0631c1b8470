namespace BootstrapPortal.Core.Flow;

/// <summary>
/// Where one node stands in the bootstrap flow: the furthest <see cref="Stage"/> reached, <see cref="Since"/> when (null when
/// not on record), what blocks it (null when nothing does), each step, and the token, CSRs and Node it was read from.
/// </summary>
public sealed record NodeFlow(
    string Node,
    BootstrapStage Stage,
    DateTimeOffset? Since,
    FlowBlocker? Blocker,
    IReadOnlyList<FlowStep> Steps,
    string? TokenId,
    string? BootstrapCsr,
    string? RenewalCsr,
    bool NodeExists)
{
    public bool IsBlocked => Blocker is { Severity: FlowBlockerSeverity.Blocked };

    /// <summary>The node asked for a new client certificate with its own identity and waits for it (stage <see cref="BootstrapStage.Renewed"/>).</summary>
    public bool RenewalPending { get; init; }
}
