using BootstrapPortal.Core.Csrs;

namespace BootstrapPortal.Web.Api;

/// <summary>
/// Body of <c>POST /api/v1/csrs/approve</c>: the CSRs to approve by name (at most <see cref="Core.Paging.ListLimits.MaxLimit"/>),
/// or <c>"allPendingThatPass": true</c> (exactly what the CSR page's "Approve all pending that pass" approves), and the reason
/// written into every condition. <c>confirmed</c> names the requests among <c>names</c> whose Warn verdict the caller has
/// reviewed; a failing verdict is never approved in bulk (use <c>POST /csrs/{name}/approve</c> with <c>override</c>).
/// </summary>
public sealed record CsrBulkApprovalBody(IReadOnlyList<string?>? Names, string? Reason, bool? AllPendingThatPass = null, IReadOnlyList<string?>? Confirmed = null);

/// <summary>One item of a bulk approval: its outcome (<c>Approved</c>, <c>Skipped</c>, <c>AlreadyDecided</c>, …), one sentence, the verdict it was judged with and the checks that kept it back.</summary>
public sealed record CsrBulkItemResponse(string Name, string Outcome, string Message, string? Verdict, IReadOnlyList<CsrCheckResponse> Checks)
{
    public static CsrBulkItemResponse From(CsrDecisionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.Name, result.Outcome.ToString(), result.Message, result.Verdict?.ToString(), CsrCheckResponse.From(result.Checks));
    }
}

/// <summary>
/// Answer of <c>POST /api/v1/csrs/approve</c>: one item per requested CSR in request order, and the totals. <c>approved</c>
/// counts the conditions the portal wrote; <c>skipped</c> what the verdict or an existing decision kept back (nothing
/// written); <c>failed</c> the rest (unknown name, changed meanwhile, refused by Kubernetes, unreachable).
/// </summary>
public sealed record CsrBulkApprovalResponse(int Total, int Approved, int Skipped, int Failed, IReadOnlyList<CsrBulkItemResponse> Items)
{
    public static CsrBulkApprovalResponse From(IReadOnlyList<CsrDecisionResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var approved = results.Count(r => r.Outcome == CsrDecisionOutcome.Approved);
        var skipped = results.Count(r => IsKeptBack(r.Outcome));
        return new(results.Count, approved, skipped, results.Count - approved - skipped, [.. results.Select(CsrBulkItemResponse.From)]);
    }

    /// <summary>Judged and left as it was: the verdict did not allow it, or someone had decided it already.</summary>
    public static bool IsKeptBack(CsrDecisionOutcome outcome) =>
        outcome is CsrDecisionOutcome.Skipped or CsrDecisionOutcome.VerdictFails or CsrDecisionOutcome.AlreadyDecided;
}
