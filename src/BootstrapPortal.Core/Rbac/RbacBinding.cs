using k8s.Models;

namespace BootstrapPortal.Core.Rbac;

/// <summary>
/// One ClusterRoleBinding or RoleBinding with its role reference resolved once, as the RBAC authorizer sees it
/// (k/k pkg/registry/rbac/validation/rule.go <c>GetRoleReferenceRules</c>): a binding whose role does not exist, or a
/// ClusterRoleBinding that names a Role, grants nothing.
/// </summary>
/// <param name="Kind"><c>ClusterRoleBinding</c> or <c>RoleBinding</c>.</param>
/// <param name="Namespace">The RoleBinding's namespace; null for a ClusterRoleBinding.</param>
/// <param name="Name">The binding's name.</param>
/// <param name="RoleKind"><c>ClusterRole</c> or <c>Role</c> (as written in <c>roleRef.kind</c>).</param>
/// <param name="RoleName"><c>roleRef.name</c>.</param>
/// <param name="Subjects">The binding's subjects (empty when none).</param>
/// <param name="Rules">The referenced role's rules (empty when the role is missing).</param>
/// <param name="RoleFound">Whether the referenced role exists (and may be referenced from this kind of binding).</param>
public sealed record RbacBinding(
    string Kind,
    string? Namespace,
    string Name,
    string RoleKind,
    string RoleName,
    IReadOnlyList<Rbacv1Subject> Subjects,
    IReadOnlyList<V1PolicyRule> Rules,
    bool RoleFound)
{
    public const string ClusterRoleBindingKind = "ClusterRoleBinding";
    public const string RoleBindingKind = "RoleBinding";
    public const string ClusterRoleKind = "ClusterRole";
    public const string RoleKindName = "Role";

    public bool IsClusterRoleBinding => Kind == ClusterRoleBindingKind;

    /// <summary>The binding as the authorizer's reason names it: <c>ClusterRoleBinding "x"</c> or <c>RoleBinding "x/ns"</c>.</summary>
    public string Describe() => IsClusterRoleBinding ? $"ClusterRoleBinding \"{Name}\"" : $"RoleBinding \"{Name}/{Namespace}\"";

    /// <summary>A stable key: <c>ClusterRoleBinding/name</c> or <c>RoleBinding/ns/name</c>.</summary>
    public string Key => IsClusterRoleBinding ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";
}
