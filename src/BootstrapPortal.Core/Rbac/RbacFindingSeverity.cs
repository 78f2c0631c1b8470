namespace BootstrapPortal.Core.Rbac;

/// <summary>How bad a risky RBAC finding is, worst first.</summary>
public enum RbacFindingSeverity
{
    /// <summary>Hands out cluster credentials or node identities (secrets, signers, approval, impersonation, escalation).</summary>
    Critical,

    /// <summary>Write access or broad reads beyond what the subject needs.</summary>
    High,

    /// <summary>Needless reads, dangling references that a later object would activate.</summary>
    Medium,

    /// <summary>Hygiene.</summary>
    Low,

    /// <summary>Something the audit could not check.</summary>
    Info,
}
