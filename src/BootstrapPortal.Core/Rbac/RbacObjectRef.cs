namespace BootstrapPortal.Core.Rbac;

/// <summary>A reference to an RBAC object (binding or role) the UI links to.</summary>
public sealed record RbacObjectRef(string Kind, string? Namespace, string Name)
{
    public static RbacObjectRef Of(RbacBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        return new(binding.Kind, binding.Namespace, binding.Name);
    }

    /// <summary>The role a binding references (a ClusterRole is cluster-wide even when a RoleBinding names it).</summary>
    public static RbacObjectRef RoleOf(RbacBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        return new(binding.RoleKind, binding.RoleKind == RbacBinding.RoleKindName ? binding.Namespace : null, binding.RoleName);
    }

    public string Describe() => Namespace is null ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";
}
