using k8s.Models;

namespace BootstrapPortal.Core.Rbac;

/// <summary>
/// One path by which RBAC allows a request: the binding, the subject of it that matched the user, and the first rule of the
/// bound role that allows the request.
/// </summary>
public sealed record RbacGrant(RbacBinding Binding, Rbacv1Subject Subject, V1PolicyRule Rule)
{
    /// <summary>
    /// The authorizer's reason (k/k plugin/pkg/auth/authorizer/rbac/rbac.go, describers in pkg/registry/rbac/validation/rule.go):
    /// <c>RBAC: allowed by ClusterRoleBinding "b" of ClusterRole "r" to Group "g"</c>.
    /// </summary>
    public string Reason =>
        $"RBAC: allowed by {Binding.Describe()} of {Binding.RoleKind} \"{Binding.RoleName}\" to {RbacSubjects.Describe(Subject, Binding.Namespace)}";

    public RbacDecision ToDecision() =>
        new(true, Reason, Binding.IsClusterRoleBinding ? Binding.Name : $"{Binding.Namespace}/{Binding.Name}", Binding.RoleName);
}
