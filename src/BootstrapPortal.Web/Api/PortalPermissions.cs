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

    /// <summary>Read the audit trail.</summary>
    public const string AuditRead = "audit:read";

    /// <summary>List nodes, their certificates from the ledger, rotation health and history.</summary>
    public const string NodesRead = "nodes:read";

    public static IReadOnlyList<string> All { get; } = [TokensRead, TokensCreate, TokensManage, KubeconfigsCreate, CsrsRead, CsrsDecide, AuditRead, NodesRead];

    /// <summary>The portal permission behind a policy name.</summary>
    public static PortalPermission PermissionFor(string policy) => policy switch
    {
        TokensRead or CsrsRead or NodesRead => PortalPermission.ReadCluster,
        TokensCreate => PortalPermission.CreateTokens,
        TokensManage => PortalPermission.ManageTokens,
        KubeconfigsCreate => PortalPermission.CreateKubeconfigs,
        CsrsDecide => PortalPermission.DecideCsrs,
        AuditRead => PortalPermission.ReadAudit,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "This API policy names no portal permission: add it to PortalPermissions.PermissionFor."),
    };
}
