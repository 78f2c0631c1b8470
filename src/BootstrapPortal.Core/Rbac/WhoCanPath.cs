namespace BootstrapPortal.Core.Rbac;

/// <summary>
/// How one subject gets a permission: the binding, the role it references and the rule that allows the request; or a
/// built-in grant of kube-apiserver (the <c>system:masters</c> group) when <see cref="BindingKind"/> is empty.
/// </summary>
public sealed record WhoCanPath(
    string BindingKind,
    string? BindingNamespace,
    string BindingName,
    string RoleKind,
    string RoleName,
    string Rule)
{
    /// <summary>The superuser group: kube-apiserver's privileged-group authorizer allows it everything before RBAC is asked.</summary>
    public static WhoCanPath Masters { get; } = new(string.Empty, null, string.Empty, string.Empty, string.Empty,
        "kube-apiserver allows every request of the system:masters group (no binding needed, none can take it away)");

    public bool IsBuiltIn => BindingKind.Length == 0;

    /// <summary>E.g. <c>ClusterRoleBinding kubeadm:kubelet-bootstrap → ClusterRole system:node-bootstrapper</c>.</summary>
    public string Describe() => IsBuiltIn
        ? "built in: " + Rule
        : BindingNamespace is null
            ? $"{BindingKind} {BindingName} → {RoleKind} {RoleName}"
            : $"{BindingKind} {BindingNamespace}/{BindingName} → {RoleKind} {RoleName}";

    public static WhoCanPath From(RbacBinding binding, k8s.Models.V1PolicyRule rule)
    {
        ArgumentNullException.ThrowIfNull(binding);
        return new WhoCanPath(binding.Kind, binding.Namespace, binding.Name, binding.RoleKind, binding.RoleName, RbacRuleText.Compact(rule));
    }
}
