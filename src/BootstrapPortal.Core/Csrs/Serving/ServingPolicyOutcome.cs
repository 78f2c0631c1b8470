namespace BootstrapPortal.Core.Csrs.Serving;

/// <summary>
/// The serving policy's decision on one CSR with its reasons (<c>[check-id] sentence</c>): the failing checks of a denial, the
/// warnings that leave it for a person, or the checks an approval passed.
/// </summary>
public sealed record ServingPolicyOutcome(string Name, string? NodeName, ServingDecision Decision, IReadOnlyList<string> Reasons, IReadOnlyList<CsrCheck> Checks)
{
    public const string ApprovePrefix = "Passed the BootstrapPortal serving policy: ";
    public const string DenyPrefix = "Failed the BootstrapPortal serving policy: ";

    /// <summary>The checks <see cref="Reasons"/> cites, to render in the reader's language.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<CsrCheck> ReasonChecks => [.. Checks.Where(c => Reasons.Contains(c.Cited, StringComparer.Ordinal))];

    /// <summary>The reason written into the condition (at most <see cref="CsrDecisionText.MaxReasonLength"/> characters).</summary>
    public string ConditionReason
    {
        get
        {
            var text = Decision == ServingDecision.Deny
                ? DenyPrefix + string.Join("; ", Reasons)
                : ApprovePrefix + string.Join(", ", Checks.Where(c => c.Result == CsrCheckResult.Pass).Select(c => c.Id)) + " passed";
            return text.Length <= CsrDecisionText.MaxReasonLength ? text : text[..(CsrDecisionText.MaxReasonLength - 1)] + "…";
        }
    }
}
