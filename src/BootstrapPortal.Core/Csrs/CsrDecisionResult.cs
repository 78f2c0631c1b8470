using BootstrapPortal.Core.Text;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// The result of approving or denying one CSR. <see cref="Text"/> is one line for people (<see cref="Message"/> in English); <see cref="ExistingDecision"/> is the
/// Approved/Denied condition found on the object when it was decided by someone else (or the one the portal wrote);
/// <see cref="Checks"/> are the failing and warning checks when the verdict refused or skipped the item (or was overridden).
/// </summary>
public sealed record CsrDecisionResult(
    string Name,
    CsrDecisionOutcome Outcome,
    [property: System.Text.Json.Serialization.JsonIgnore] PortalText Text,
    CsrConditionView? ExistingDecision = null,
    CsrVerdictResult? Verdict = null,
    IReadOnlyList<CsrCheck>? Checks = null)
{
    /// <summary>The line in English (API, audit).</summary>
    public string Message => Text.ToString();

    /// <summary>True when the portal's own decision landed.</summary>
    public bool Succeeded => Outcome is CsrDecisionOutcome.Approved or CsrDecisionOutcome.Denied;
}
