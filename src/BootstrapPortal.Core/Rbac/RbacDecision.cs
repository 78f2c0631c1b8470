namespace BootstrapPortal.Core.Rbac;

/// <summary>
/// Result of an RBAC evaluation. <see cref="Reason"/> follows the real authorizer: on allow
/// <c>RBAC: allowed by ClusterRoleBinding "x" of ClusterRole "y" to Group "z"</c>; on deny it is empty (RBAC has no deny rules,
/// it only has "no opinion"). <see cref="Binding"/>/<see cref="Role"/> name what granted it.
/// </summary>
public sealed record RbacDecision(bool Allowed, string Reason, string? Binding = null, string? Role = null)
{
    public static readonly RbacDecision NoOpinion = new(false, string.Empty);
}
