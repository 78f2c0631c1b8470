namespace BootstrapPortal.Core.Csrs;

/// <summary>One <c>status.conditions</c> entry of a CSR, as shown to a person.</summary>
public sealed record CsrConditionView(
    string Type,
    string Status,
    string? Reason,
    string? Message,
    DateTimeOffset? LastUpdateTime,
    DateTimeOffset? LastTransitionTime);
