using BootstrapPortal.Core.Certificates;

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
    public static string DescribeReservedUser(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.StartsWith(KubeletCsrRules.NodeUserPrefix, StringComparison.Ordinal))
        {
            return $"the identity of node {name[KubeletCsrRules.NodeUserPrefix.Length..]}";
        }

        if (name.StartsWith(ServiceAccountUserPrefix, StringComparison.Ordinal))
        {
            var parts = name[ServiceAccountUserPrefix.Length..].Split(':');
            return parts.Length == 2 ? $"service account {parts[0]}/{parts[1]}" : "a service-account identity";
        }

        if (name.StartsWith(BootstrapUserPrefix, StringComparison.Ordinal))
        {
            return "a bootstrap-token identity";
        }

        return name switch
        {
            "system:admin" => "the cluster administrator identity",
            "system:anonymous" => "the anonymous user",
            "system:apiserver" => "kube-apiserver's own identity",
            _ when name.StartsWith("system:kube-", StringComparison.Ordinal) => "the control-plane component " + name["system:".Length..],
            _ => "a user name reserved for Kubernetes components",
        };
    }

    /// <summary>How a person reads a <c>system:</c> group a subject O claims.</summary>
    public static string DescribeReservedGroup(string group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return group switch
        {
            MastersGroup => "system:masters (full cluster-admin that RBAC never checks)",
            KubeletCsrRules.NodesGroup => "system:nodes (every node's privileges)",
            "system:authenticated" => "system:authenticated (kube-apiserver adds it to every authenticated user itself)",
            "system:unauthenticated" => "system:unauthenticated",
            _ when group == BootstrappersGroup || group.StartsWith(BootstrappersGroup + ":", StringComparison.Ordinal) => group + " (a bootstrap-token group)",
            _ when group.StartsWith("system:serviceaccounts", StringComparison.Ordinal) => group + " (a service-account group)",
            _ => group + " (reserved for Kubernetes)",
        };
    }
}
