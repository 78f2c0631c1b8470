using BootstrapPortal.Core.Access;

namespace BootstrapPortal.Web.Api;

/// <summary>
/// The one place that names what each API endpoint needs. Each constant is an authorization policy, and
/// <see cref="PermissionFor"/> says which <see cref="PortalPermission"/> of the one role table (<see cref="PortalRoles"/>) it
/// demands; a policy missing there stops the portal at start.
/// </summary>
public static class PortalPermissions
{
    /// <summary>List and read bootstrap tokens (never their secrets).</summary>
    public const string TokensRead = "tokens:read";

    /// <summary>Mint a bootstrap token.</summary>
    public const string TokensCreate = "tokens:create";

    /// <summary>Extend and delete bootstrap tokens.</summary>
    public const string TokensManage = "tokens:manage";

    /// <summary>Mint a per-node bootstrap kubeconfig (creates a token).</summary>
    public const string KubeconfigsCreate = "kubeconfigs:create";

    /// <summary>List and read certificate signing requests with their verdicts.</summary>
    public const string CsrsRead = "csrs:read";

    /// <summary>Approve or deny certificate signing requests.</summary>
    public const string CsrsDecide = "csrs:decide";

    /// <summary>Read the serving-certificate policy and dry-run it (or a draft) against the pending CSRs; nothing changes.</summary>
    public const string PolicyRead = "policy:read";

    /// <summary>Change the serving-certificate policy (Admin).</summary>
    public const string PolicyWrite = "policy:write";

    /// <summary>Read the audit trail.</summary>
    public const string AuditRead = "audit:read";

    /// <summary>List nodes, their certificates from the ledger, rotation health and history.</summary>
    public const string NodesRead = "nodes:read";

    /// <summary>Read the RBAC audit (checklist, findings, who-can) and the preflight.</summary>
    public const string RbacRead = "rbac:read";

    /// <summary>Create the RBAC bindings the bootstrap flow needs.</summary>
    public const string RbacFix = "rbac:fix";

    public static IReadOnlyList<string> All { get; } =
        [TokensRead, TokensCreate, TokensManage, KubeconfigsCreate, CsrsRead, CsrsDecide, AuditRead, NodesRead, RbacRead, RbacFix, PolicyRead, PolicyWrite];

    /// <summary>The portal permission behind a policy name.</summary>
    public static PortalPermission PermissionFor(string policy) => policy switch
    {
        TokensRead or CsrsRead or NodesRead or RbacRead or PolicyRead => PortalPermission.ReadCluster,
        TokensCreate => PortalPermission.CreateTokens,
        TokensManage => PortalPermission.ManageTokens,
        KubeconfigsCreate => PortalPermission.CreateKubeconfigs,
        CsrsDecide => PortalPermission.DecideCsrs,
        AuditRead => PortalPermission.ReadAudit,
        RbacFix => PortalPermission.FixRbac,
        PolicyWrite => PortalPermission.ManagePolicy,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "This API policy names no portal permission: add it to PortalPermissions.PermissionFor."),
    };
}
