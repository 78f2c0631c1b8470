namespace BootstrapPortal.Core.Csrs;

/// <summary>The safety verdict of one CSR: the result, its readable reasons and the auto-approval prediction.</summary>
public sealed record CsrVerdict(CsrVerdictResult Result, IReadOnlyList<CsrFinding> Findings, AutoApprovalPrediction AutoApproval)
{
    /// <summary>The findings' messages, worst first.</summary>
    public IReadOnlyList<string> Reasons => [.. Findings.OrderByDescending(f => f.Severity).Select(f => f.Message)];

    /// <summary>The failing findings' messages (what a policy denial cites).</summary>
    public IReadOnlyList<string> FailReasons => [.. Findings.Where(f => f.Severity == CsrFindingSeverity.Fail).Select(f => f.Message)];
}
