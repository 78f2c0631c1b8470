namespace BootstrapPortal.Core.Access;

/// <summary>The portal's roles, mapped from a person's groups (<c>Authorization:Roles:*</c>).</summary>
public enum PortalRole
{
    /// <summary>Reads everything but secrets.</summary>
    Viewer,

    /// <summary>Viewer, plus approving and denying certificate signing requests.</summary>
    Approver,

    /// <summary>Approver, plus tokens, kubeconfigs, RBAC fixes, policy and the audit trail.</summary>
    Admin,

    /// <summary>API only: may create per-node kubeconfigs and bootstrap tokens, nothing else.</summary>
    Provisioner,
}
