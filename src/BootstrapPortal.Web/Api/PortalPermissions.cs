namespace BootstrapPortal.Web.Api;

/// <summary>
/// The one place that names what each API endpoint needs. Each constant is an authorization policy; today every policy
/// admits the anonymous loopback user (see <see cref="LoopbackAnonymousRequirement"/>). A later issue adds login and roles by
/// changing the policies here, not the endpoints.
/// </summary>
public static class PortalPermissions
{
    /// <summary>List and read bootstrap tokens (never their secrets).</summary>
    public const string TokensRead = "tokens:read";

    /// <summary>Create, extend and delete bootstrap tokens.</summary>
    public const string TokensWrite = "tokens:write";

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

    public static IReadOnlyList<string> All { get; } = [TokensRead, TokensWrite, KubeconfigsCreate, CsrsRead, CsrsDecide, PolicyRead, PolicyWrite];
}
