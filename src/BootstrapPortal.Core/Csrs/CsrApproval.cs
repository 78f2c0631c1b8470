namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// One approval: the reason written into the condition, and whether the person explicitly overrides a failing verdict
/// (without <see cref="Override"/> a Fail verdict is refused with <see cref="CsrDecisionOutcome.VerdictFails"/>).
/// </summary>
public sealed record CsrApproval(string Reason, bool Override = false);
