namespace BootstrapPortal.Core.Csrs;

/// <summary>One reason of a verdict. <see cref="Code"/> is stable (for tests and filters); <see cref="Message"/> is for people.</summary>
public sealed record CsrFinding(CsrFindingSeverity Severity, string Code, string Message);
