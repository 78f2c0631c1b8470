using k8s.Models;

namespace BootstrapPortal.Core.Rbac;

/// <summary>
/// Grants that kube-apiserver's bootstrap policy itself creates and reconciles at every start
/// (k/k plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go, controller_policy.go, namespace_policy.go), which the
/// findings must not report: a red finding on every healthy cluster teaches people to ignore red. Each exemption is exact —
/// the same binding and subject, or the same role with the same wildcard rule and no more verbs — so a default that was
/// widened or repointed is still reported.
/// </summary>
public static class UpstreamDefaultGrants
{
    /// <summary>
    /// Bindings to ServiceAccounts that clusters commonly do not have: kube-controller-manager and kube-scheduler run with
    /// their own certificates, and kubeadm names its DNS account <c>coredns</c>, not <c>kube-dns</c>.
    /// </summary>
    private static readonly (string Kind, string? Namespace, string Binding, string AccountNamespace, string Account)[] ServiceAccountSubjects =
    [
        (RbacBinding.RoleBindingKind, "kube-system", "system::leader-locking-kube-controller-manager", "kube-system", "kube-controller-manager"),
        (RbacBinding.RoleBindingKind, "kube-system", "system::leader-locking-kube-scheduler", "kube-system", "kube-scheduler"),
        (RbacBinding.ClusterRoleBindingKind, null, "system:kube-dns", "kube-system", "kube-dns"),
    ];

    /// <summary>ClusterRoles whose upstream rules include <c>*</c> over every group and resource, with the verbs upstream gives them.</summary>
    private static readonly Dictionary<string, string[]> WildcardRoles = new(StringComparer.Ordinal)
    {
        ["system:kube-controller-manager"] = ["list", "watch"],
        ["system:controller:namespace-controller"] = ["get", "list", "delete", "deletecollection"],
        ["system:controller:generic-garbage-collector"] = ["get", "list", "watch", "patch", "update", "delete"],
        ["system:controller:resourcequota-controller"] = ["list", "watch"],
    };

    /// <summary>Whether <paramref name="binding"/> naming this ServiceAccount is one of kube-apiserver's defaults.</summary>
    public static bool IsDefaultServiceAccountSubject(RbacBinding binding, string accountNamespace, string account)
    {
        ArgumentNullException.ThrowIfNull(binding);
        return ServiceAccountSubjects.Any(d => d.Kind == binding.Kind && d.Namespace == binding.Namespace && d.Binding == binding.Name
            && d.AccountNamespace == accountNamespace && d.Account == account);
    }

    /// <summary>Whether <paramref name="rule"/> of <paramref name="role"/> is the upstream wildcard rule of that default ClusterRole.</summary>
    public static bool IsDefaultWildcard(RbacObjectRef role, V1PolicyRule rule)
    {
        ArgumentNullException.ThrowIfNull(role);
        ArgumentNullException.ThrowIfNull(rule);
        return role.Kind == RbacBinding.ClusterRoleKind && WildcardRoles.TryGetValue(role.Name, out var verbs)
            && rule.ApiGroups is ["*"] && rule.Resources is ["*"] && rule.ResourceNames is not { Count: > 0 } && rule.NonResourceURLs is not { Count: > 0 }
            && rule.Verbs is { Count: > 0 } && rule.Verbs.All(v => verbs.Contains(v, StringComparer.Ordinal));
    }
}
