using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Core.Text;

namespace BootstrapPortal.Core.Csrs;

/// <summary>Who asked for a CSR, as kube-apiserver's authenticators name them (<c>spec.username</c> and <c>spec.groups</c>).</summary>
public static class RequesterIdentity
{
    public const string BootstrapUserPrefix = "system:bootstrap:";
    public const string BootstrappersGroup = "system:bootstrappers";
    public const string MastersGroup = "system:masters";
    public const string ServiceAccountUserPrefix = "system:serviceaccount:";

    /// <summary>A bootstrap token: user <c>system:bootstrap:&lt;id&gt;</c> or a member of <c>system:bootstrappers[:…]</c>.</summary>
    public static bool IsBootstrap(string username, IReadOnlyList<string> groups)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(groups);
        return username.StartsWith(BootstrapUserPrefix, StringComparison.Ordinal)
            || groups.Any(g => g == BootstrappersGroup || g.StartsWith(BootstrappersGroup + ":", StringComparison.Ordinal));
    }

    /// <summary>A node: user <c>system:node:&lt;name&gt;</c> or a member of <c>system:nodes</c>.</summary>
    public static bool IsNode(string username, IReadOnlyList<string> groups)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(groups);
        return username.StartsWith(KubeletCsrRules.NodeUserPrefix, StringComparison.Ordinal) || groups.Contains(KubeletCsrRules.NodesGroup, StringComparer.Ordinal);
    }

    /// <summary>How a person reads a <c>system:</c> user name a subject CN claims.</summary>
    public static PortalText DescribeReservedUser(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.StartsWith(KubeletCsrRules.NodeUserPrefix, StringComparison.Ordinal))
        {
            return VerdictText.NodeIdentity.With(name[KubeletCsrRules.NodeUserPrefix.Length..]);
        }

        if (name.StartsWith(ServiceAccountUserPrefix, StringComparison.Ordinal))
        {
            var parts = name[ServiceAccountUserPrefix.Length..].Split(':');
            return parts.Length == 2 ? VerdictText.ServiceAccount.With(parts[0], parts[1]) : VerdictText.AServiceAccountIdentity.Text;
        }

        if (name.StartsWith(BootstrapUserPrefix, StringComparison.Ordinal))
        {
            return VerdictText.ABootstrapTokenIdentity.Text;
        }

        return name switch
        {
            "system:admin" => VerdictText.ClusterAdministrator.Text,
            "system:anonymous" => VerdictText.AnonymousUser.Text,
            "system:apiserver" => VerdictText.ApiServerIdentity.Text,
            _ when name.StartsWith("system:kube-", StringComparison.Ordinal) => VerdictText.ControlPlaneComponent.With(name["system:".Length..]),
            _ => VerdictText.ReservedUserName.Text,
        };
    }

    /// <summary>How a person reads a <c>system:</c> group a subject O claims.</summary>
    public static PortalText DescribeReservedGroup(string group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return group switch
        {
            MastersGroup => VerdictText.MastersGroup.Text,
            KubeletCsrRules.NodesGroup => VerdictText.NodesGroup.Text,
            "system:authenticated" => VerdictText.AuthenticatedGroup.Text,
            "system:unauthenticated" => CommonText.Plain("system:unauthenticated"),
            _ when group == BootstrappersGroup || group.StartsWith(BootstrappersGroup + ":", StringComparison.Ordinal) => VerdictText.BootstrapGroup.With(group),
            _ when group.StartsWith("system:serviceaccounts", StringComparison.Ordinal) => VerdictText.ServiceAccountGroup.With(group),
            _ => VerdictText.KubernetesGroup.With(group),
        };
    }
}
