using BootstrapPortal.Core.Access;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// Approves and denies CSRs through <c>/approval</c>. Reads the latest object first; an existing decision is
/// reported, never overwritten; a 409 is re-read and reported. The condition message is <c>&lt;reason&gt; (by &lt;actor&gt; via
/// BootstrapPortal)</c>. Every call needs <see cref="PortalPermission.DecideCsrs"/> (else <see cref="PortalAccessDeniedException"/>)
/// and every decision is recorded in the audit trail.
/// </summary>
public interface ICsrApprovalService
{
    Task<CsrDecisionResult> ApproveAsync(string name, string reason, PortalActor actor, CancellationToken cancellationToken);

    Task<CsrDecisionResult> DenyAsync(string name, string reason, PortalActor actor, CancellationToken cancellationToken);

    /// <summary>
    /// Approves several CSRs with bounded concurrency (<see cref="CsrPolicyOptions.BulkConcurrency"/>), one result per item in
    /// request order; Fail verdicts are skipped unless overridden; progress is reported after each item.
    /// </summary>
    Task<IReadOnlyList<CsrDecisionResult>> BulkApproveAsync(BulkApprovalRequest request, string reason, PortalActor actor,
        IProgress<BulkProgress>? progress, CancellationToken cancellationToken);
}
