using k8s.Models;

namespace BootstrapPortal.Core.Rbac;

/// <summary>One ClusterRoleBinding a fix would create, for one checklist row.</summary>
public sealed record PlannedBinding(BootstrapRequirement Requirement, string Group, V1ClusterRoleBinding Binding)
{
    public string Name => Binding.Metadata.Name;

    public string ClusterRole => Binding.RoleRef.Name;
}
