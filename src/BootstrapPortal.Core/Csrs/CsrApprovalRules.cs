namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// The one definition of what may be approved how, used by the list page's count, bulk approval, the detail page and the API:
/// "passes" is <see cref="CsrVerdict.Passes"/>; bulk approval of "all pending that pass" takes exactly
/// <see cref="IsBulkApprovable"/>; Warn needs a per-item confirmation; Fail needs a per-item override with a reason.
/// </summary>
public static class CsrApprovalRules
{
    /// <summary>Pending and passing: what "Approve all pending that pass" approves and what its button counts.</summary>
    public static bool IsBulkApprovable(CsrEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.View.IsPending && entry.Verdict.Passes;
    }

    public static CsrApprovalRequirement RequirementFor(CsrVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return verdict.Result switch
        {
            CsrVerdictResult.Pass => CsrApprovalRequirement.Reason,
            CsrVerdictResult.Warn => CsrApprovalRequirement.Confirmation,
            _ => CsrApprovalRequirement.Override,
        };
    }
}
