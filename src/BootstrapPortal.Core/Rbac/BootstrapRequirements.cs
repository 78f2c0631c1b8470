using BootstrapPortal.Core.Text;
using BootstrapPortal.Core.Tokens;

namespace BootstrapPortal.Core.Rbac;

/// <summary>
/// What each <see cref="BootstrapRequirement"/> means: the default ClusterRole that grants it (k/k
/// plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go), the requests it stands for, what breaks without it, and the
/// ClusterRoleBinding the portal creates to fix it.
/// </summary>
public static class BootstrapRequirements
{
    public const string CertificatesGroup = "certificates.k8s.io";
    public const string CsrResource = "certificatesigningrequests";
    public const string NodeBootstrapperRole = "system:node-bootstrapper";
    public const string NodeClientRole = "system:certificates.k8s.io:certificatesigningrequests:nodeclient";
    public const string SelfNodeClientRole = "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient";

    /// <summary>Prefix of the ClusterRoleBindings the portal creates.</summary>
    public const string FixBindingPrefix = "bootstrapportal:";

    public static IReadOnlyList<BootstrapRequirement> All { get; } = Enum.GetValues<BootstrapRequirement>();

    /// <summary>The verbs a bootstrapping kubelet uses on CSRs: it creates one, then lists and watches it until issued.</summary>
    public static IReadOnlyList<string> CsrVerbs { get; } = ["create", "get", "list", "watch"];

    /// <summary>Stable identifiers used by the API: <c>create-csrs</c>, <c>auto-approve-client-csrs</c>, <c>auto-approve-renewals</c>.</summary>
    public static string Id(BootstrapRequirement requirement) => requirement switch
    {
        BootstrapRequirement.CreateCsrs => "create-csrs",
        BootstrapRequirement.AutoApproveClientCsrs => "auto-approve-client-csrs",
        _ => "auto-approve-renewals",
    };

    public static bool TryParse(string? id, out BootstrapRequirement requirement)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(Id(candidate), id, StringComparison.Ordinal))
            {
                requirement = candidate;
                return true;
            }
        }

        requirement = default;
        return false;
    }

    public static string ClusterRole(BootstrapRequirement requirement) => requirement switch
    {
        BootstrapRequirement.CreateCsrs => NodeBootstrapperRole,
        BootstrapRequirement.AutoApproveClientCsrs => NodeClientRole,
        _ => SelfNodeClientRole,
    };

    /// <summary>The requirement in English (audit records, the API).</summary>
    public static string Title(BootstrapRequirement requirement) => TitleText(requirement).ToString();

    /// <summary>The requirement, to render in the reader's language.</summary>
    public static PortalText TitleText(BootstrapRequirement requirement) => (requirement switch
    {
        BootstrapRequirement.CreateCsrs => RbacText.CreateCsrsTitle,
        BootstrapRequirement.AutoApproveClientCsrs => RbacText.AutoApproveTitle,
        _ => RbacText.RenewalsTitle,
    }).Text;

    /// <summary>What breaks when the requirement is missing.</summary>
    public static PortalText Impact(BootstrapRequirement requirement) => (requirement switch
    {
        BootstrapRequirement.CreateCsrs => RbacText.CreateCsrsImpact,
        BootstrapRequirement.AutoApproveClientCsrs => RbacText.AutoApproveImpact,
        _ => RbacText.RenewalsImpact,
    }).Text;

    /// <summary>The group a requirement is evaluated for: bootstrap groups for the first two, <c>system:nodes</c> for renewals.</summary>
    public static bool AppliesToBootstrapGroups(BootstrapRequirement requirement) => requirement != BootstrapRequirement.AutoApproveRenewals;

    /// <summary>The resource requests that make up the requirement for a user (all of them must be allowed).</summary>
    public static IReadOnlyList<RbacRequest> Requests(BootstrapRequirement requirement, string user, IReadOnlyList<string> groups) => requirement switch
    {
        BootstrapRequirement.CreateCsrs => [.. CsrVerbs.Select(v => RbacRequest.ForResource(user, groups, v, CertificatesGroup, CsrResource))],
        BootstrapRequirement.AutoApproveClientCsrs => [RbacRequest.ForResource(user, groups, "create", CertificatesGroup, CsrResource, "nodeclient")],
        _ => [RbacRequest.ForResource(user, groups, "create", CertificatesGroup, CsrResource, "selfnodeclient")],
    };

    /// <summary>The ClusterRoleBinding name the portal uses for a fix, kubeadm-style: <c>bootstrapportal:node-bootstrapper:&lt;group&gt;</c>.</summary>
    public static string FixBindingName(BootstrapRequirement requirement, string group) => requirement switch
    {
        BootstrapRequirement.CreateCsrs => FixBindingPrefix + "node-bootstrapper:" + group,
        BootstrapRequirement.AutoApproveClientCsrs => FixBindingPrefix + "node-autoapprove-bootstrap:" + group,
        _ => FixBindingPrefix + "node-autoapprove-certificate-rotation:" + group,
    };

    /// <summary>
    /// The identity of a token with these extra groups, as the bootstrap authenticator and the authenticated-group adder make it:
    /// user <c>system:bootstrap:&lt;id&gt;</c>, groups <c>system:bootstrappers</c> plus the extra groups de-duplicated and sorted,
    /// then <c>system:authenticated</c> (k/k plugin/pkg/auth/authenticator/token/bootstrap/bootstrap.go).
    /// </summary>
    public static (string User, IReadOnlyList<string> Groups) TokenIdentity(string? tokenId, IEnumerable<string> extraGroups)
    {
        ArgumentNullException.ThrowIfNull(extraGroups);
        var groups = new SortedSet<string>(StringComparer.Ordinal) { BootstrapTokenFormat.DefaultGroup };
        foreach (var group in extraGroups)
        {
            if (!string.IsNullOrEmpty(group))
            {
                groups.Add(group);
            }
        }

        return (BootstrapTokenFormat.UserPrefix + (tokenId ?? string.Empty), [.. groups, RbacSubjects.Authenticated]);
    }

    /// <summary>A node's identity after bootstrap: user <c>system:node:&lt;name&gt;</c> in <c>system:nodes</c> and <c>system:authenticated</c>.</summary>
    public static (string User, IReadOnlyList<string> Groups) NodeIdentity(string? nodeName) =>
        (RbacSubjects.NodeUserPrefix + (nodeName ?? string.Empty), [RbacSubjects.NodesGroup, RbacSubjects.Authenticated]);

    /// <summary>Whether <paramref name="group"/> is a bootstrap group: <c>system:bootstrappers</c> or a valid <c>system:bootstrappers:…</c> extra group.</summary>
    public static bool IsBootstrapGroup(string? group) =>
        string.Equals(group, BootstrapTokenFormat.DefaultGroup, StringComparison.Ordinal)
        || (group is not null && BootstrapTokenFormat.GroupPattern().IsMatch(group));
}
