namespace BootstrapPortal.Core.Audit;

/// <summary>The actions the audit trail records; the values are stable (stored, exported and filtered on).</summary>
public static class AuditAction
{
    public const string CsrApprove = "csr.approve";
    public const string CsrDeny = "csr.deny";
    public const string TokenCreate = "token.create";
    public const string TokenExtend = "token.extend";
    public const string TokenDelete = "token.delete";
    public const string KubeconfigIssue = "kubeconfig.issue";
    public const string RbacFix = "rbac.fix";
    public const string PolicyChange = "policy.change";
}
