namespace BootstrapPortal.Core.Access;

/// <summary>What an action needs. <see cref="PortalRoles"/> is the one table of which role grants which permission.</summary>
public enum PortalPermission
{
    /// <summary>Read tokens (never their secrets), CSRs, nodes, certificates, RBAC and preflight results.</summary>
    ReadCluster,

    /// <summary>Approve or deny certificate signing requests.</summary>
    DecideCsrs,

    /// <summary>Mint a bootstrap token.</summary>
    CreateTokens,

    /// <summary>Extend or delete bootstrap tokens.</summary>
    ManageTokens,

    /// <summary>Mint a per-node bootstrap kubeconfig (this creates a token).</summary>
    CreateKubeconfigs,

    /// <summary>Create the RBAC bindings the bootstrap flow needs.</summary>
    FixRbac,

    /// <summary>Change portal policy and settings (e.g. the serving-certificate policy).</summary>
    ManagePolicy,

    /// <summary>Read the audit trail.</summary>
    ReadAudit,
}
