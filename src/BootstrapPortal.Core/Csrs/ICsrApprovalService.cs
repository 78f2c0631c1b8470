using BootstrapPortal.Core.Access;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// Approves and denies CSRs through <c>/approval</c>. Reads the latest object first and judges it; an existing decision is
/// reported, never overwritten; a 409 is re-read and reported. A failing verdict is approved only with an explicit override
/// (<see cref="CsrApproval.Override"/>), which the audit trail records with the failing checks. The condition message is
/// <c>&lt;reason&gt; (by &lt;actor&gt; via BootstrapPortal)</c>. Every call needs <see cref="PortalPermission.DecideCsrs"/> (else
/// <see cref="PortalAccessDeniedException"/>) and every decision is recorded in the audit trail.
/// </summary>
public interface ICsrApprovalService
{
    Task<CsrDecisionResult> ApproveAsync(string name, CsrApproval approval, PortalActor actor, CancellationToken cancellationToken);

    Task<CsrDecisionResult> DenyAsync(string name, string reason, PortalActor actor, CancellationToken cancellationToken);

    /// <summary>
    /// Approves several CSRs with bounded concurrency (<see cref="CsrPolicyOptions.BulkConcurrency"/>), one result per item in
    /// request order: Pass items; Warn items only when confirmed; Fail items only when overridden with a reason (see
    /// <see cref="BulkApprovalRequest"/>); the rest are skipped with their reasons. Progress is reported after each item.
    /// </summary>
    Task<IReadOnlyList<CsrDecisionResult>> BulkApproveAsync(BulkApprovalRequest request, string reason, PortalActor actor,
        IProgress<BulkProgress>? progress, CancellationToken cancellationToken);
}
