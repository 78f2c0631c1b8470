namespace BootstrapPortal.Web.Components.Rbac;

/// <summary>Links to the page that shows one RBAC object (<c>rbac/objects/&lt;kind&gt;/[&lt;namespace&gt;/]&lt;name&gt;</c>).</summary>
public static class RbacLinks
{
    public const string ClusterRole = "clusterrole";
    public const string ClusterRoleBinding = "clusterrolebinding";
    public const string Role = "role";
    public const string RoleBinding = "rolebinding";

    /// <summary>The page of an object; <paramref name="kind"/> is the Kubernetes kind (<c>ClusterRoleBinding</c>, …).</summary>
    public static string Href(string kind, string? @namespace, string name)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(name);
        var segment = kind.ToLowerInvariant();
        var isNamespaced = segment is Role or RoleBinding;
        return isNamespaced && !string.IsNullOrEmpty(@namespace)
            ? $"rbac/objects/{segment}/{Uri.EscapeDataString(@namespace)}/{Uri.EscapeDataString(name)}"
            : $"rbac/objects/{segment}/{Uri.EscapeDataString(name)}";
    }

    /// <summary>The role a binding references: a ClusterRole is cluster-wide even when a RoleBinding in a namespace names it.</summary>
    public static string RoleHref(string roleKind, string? bindingNamespace, string roleName) =>
        Href(roleKind, roleKind == "Role" ? bindingNamespace : null, roleName);
}
