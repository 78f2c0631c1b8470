namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// Approves and denies CSRs through <c>/approval</c>. Reads the latest object first; an existing decision is
/// reported, never overwritten; a 409 is re-read and reported. The condition message is <c>&lt;reason&gt; (by &lt;actor&gt; via
/// BootstrapPortal)</c>.
/// </summary>
public interface ICsrApprovalService
{
    Task<CsrDecisionResult> ApproveAsync(string name, string reason, string actor, CancellationToken cancellationToken);

    Task<CsrDecisionResult> DenyAsync(string name, string reason, string actor, CancellationToken cancellationToken);

    /// <summary>
    /// Approves several CSRs with bounded concurrency (<see cref="CsrPolicyOptions.BulkConcurrency"/>), one result per item in
    /// request order; Fail verdicts are skipped unless overridden; progress is reported after each item.
    /// </summary>
    Task<IReadOnlyList<CsrDecisionResult>> BulkApproveAsync(BulkApprovalRequest request, string reason, string actor,
        IProgress<BulkProgress>? progress, CancellationToken cancellationToken);
}
