using BootstrapPortal.Core.Text;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// The safety verdict of one CSR: the result (the worst check), every check made — those that passed as well as those that
/// did not — and the auto-approval prediction. For a decided CSR, <see cref="AsOf"/> is the decision time and the node identity
/// check is judged as it stood then.
/// </summary>
public sealed record CsrVerdict(
    CsrVerdictResult Result,
    IReadOnlyList<CsrCheck> Checks,
    AutoApprovalPrediction AutoApproval,
    DateTimeOffset? AsOf = null,
    bool Decided = false)
{
    /// <summary>The one definition of "passes": no check warns or fails.</summary>
    public bool Passes => Result == CsrVerdictResult.Pass;

    /// <summary>The checks that fail, then those that warn.</summary>
    public IReadOnlyList<CsrCheck> Problems =>
        [.. Checks.Where(c => c.Result == CsrCheckResult.Fail), .. Checks.Where(c => c.Result == CsrCheckResult.Warn)];

    /// <summary>Why the verdict is not Pass: the failing, then the warning checks' messages (empty for Pass).</summary>
    public IReadOnlyList<string> Reasons => [.. Problems.Select(c => c.Message)];

    /// <summary><see cref="Reasons"/> as texts to render in the reader's language.</summary>
    public IReadOnlyList<PortalText> ReasonTexts => [.. Problems.Select(c => c.Text)];

    /// <summary><see cref="FailReasons"/> as texts.</summary>
    public IReadOnlyList<PortalText> FailTexts => [.. Checks.Where(c => c.Result == CsrCheckResult.Fail).Select(c => c.Text)];

    /// <summary><see cref="WarnReasons"/> as texts.</summary>
    public IReadOnlyList<PortalText> WarnTexts => [.. Checks.Where(c => c.Result == CsrCheckResult.Warn).Select(c => c.Text)];

    /// <summary>The failing checks' messages (what a policy denial or an override cites).</summary>
    public IReadOnlyList<string> FailReasons => [.. Checks.Where(c => c.Result == CsrCheckResult.Fail).Select(c => c.Message)];

    /// <summary>The warning checks' messages (what a per-item confirmation shows).</summary>
    public IReadOnlyList<string> WarnReasons => [.. Checks.Where(c => c.Result == CsrCheckResult.Warn).Select(c => c.Message)];

    public CsrCheck? Find(string id) => Checks.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.Ordinal));

    /// <summary>The result of the checks: Fail if any fails, Warn if any warns, else Pass.</summary>
    public static CsrVerdictResult Combine(IEnumerable<CsrCheck> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var result = CsrVerdictResult.Pass;
        foreach (var check in checks)
        {
            if (check.Result == CsrCheckResult.Fail)
            {
                return CsrVerdictResult.Fail;
            }

            if (check.Result == CsrCheckResult.Warn)
            {
                result = CsrVerdictResult.Warn;
            }
        }

        return result;
    }
}
