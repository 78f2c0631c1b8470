using k8s.Models;

namespace BootstrapPortal.Core.Rbac;

/// <summary>
/// How a binding subject matches a user (k/k pkg/registry/rbac/validation/rule.go <c>appliesToUser</c>) and the well-known
/// users and groups of kube-apiserver (k8s.io/apiserver pkg/authentication/user/user.go).
/// </summary>
public static class RbacSubjects
{
    public const string UserKind = "User";
    public const string GroupKind = "Group";
    public const string ServiceAccountKind = "ServiceAccount";
    public const string ServiceAccountUserPrefix = "system:serviceaccount:";
    public const string ServiceAccountsGroup = "system:serviceaccounts";
    public const string MastersGroup = "system:masters";
    public const string Authenticated = "system:authenticated";
    public const string Unauthenticated = "system:unauthenticated";
    public const string Anonymous = "system:anonymous";
    public const string NodesGroup = "system:nodes";
    public const string NodeUserPrefix = "system:node:";

    /// <summary>
    /// Whether <paramref name="subject"/> names the user: a User by exact name (<c>*</c> is not a wildcard), a Group when the
    /// user is in it, a ServiceAccount by its username <c>system:serviceaccount:&lt;ns&gt;:&lt;name&gt;</c>, where a subject
    /// without a namespace takes the RoleBinding's (and never matches from a ClusterRoleBinding).
    /// </summary>
    public static bool AppliesTo(Rbacv1Subject subject, string user, IReadOnlyList<string> groups, string? bindingNamespace)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(groups);
        switch (subject.Kind)
        {
            case UserKind:
                return string.Equals(subject.Name, user, StringComparison.Ordinal);
            case GroupKind:
                foreach (var group in groups)
                {
                    if (string.Equals(group, subject.Name, StringComparison.Ordinal))
                    {
                        return true;
                    }
                }

                return false;
            case ServiceAccountKind:
                var ns = string.IsNullOrEmpty(subject.NamespaceProperty) ? bindingNamespace : subject.NamespaceProperty;
                return !string.IsNullOrEmpty(ns) && string.Equals(user, ServiceAccountUserName(ns, subject.Name), StringComparison.Ordinal);
            default:
                return false;
        }
    }

    /// <summary><c>system:serviceaccount:&lt;ns&gt;:&lt;name&gt;</c>.</summary>
    public static string ServiceAccountUserName(string @namespace, string name) => ServiceAccountUserPrefix + @namespace + ":" + name;

    /// <summary>The groups kube-apiserver gives a ServiceAccount: <c>system:serviceaccounts</c>, <c>system:serviceaccounts:&lt;ns&gt;</c>, <c>system:authenticated</c>.</summary>
    public static IReadOnlyList<string> ServiceAccountGroups(string @namespace) =>
        [ServiceAccountsGroup, ServiceAccountsGroup + ":" + @namespace, Authenticated];

    /// <summary>The subject as the authorizer's reason describes it: <c>Group "g"</c>, <c>ServiceAccount "name/ns"</c>.</summary>
    public static string Describe(Rbacv1Subject subject, string? bindingNamespace)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (subject.Kind == ServiceAccountKind)
        {
            var ns = string.IsNullOrEmpty(subject.NamespaceProperty) ? bindingNamespace : subject.NamespaceProperty;
            return $"{subject.Kind} \"{subject.Name}/{ns}\"";
        }

        return $"{subject.Kind} \"{subject.Name}\"";
    }

    /// <summary>The namespace a ServiceAccount subject refers to (its own, else the RoleBinding's); null for other kinds.</summary>
    public static string? EffectiveNamespace(Rbacv1Subject subject, string? bindingNamespace)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return subject.Kind != ServiceAccountKind ? null
            : string.IsNullOrEmpty(subject.NamespaceProperty) ? bindingNamespace : subject.NamespaceProperty;
    }
}
