namespace BootstrapPortal.Core.Rbac;

/// <summary>The outcome of one binding of a fix.</summary>
public sealed record FixBindingResult(string Name, BootstrapRequirement Requirement, string Group, string ClusterRole, FixOutcome Outcome, string? Message);
