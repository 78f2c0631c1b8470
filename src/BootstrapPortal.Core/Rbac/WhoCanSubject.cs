namespace BootstrapPortal.Core.Rbac;

/// <summary>A subject that may perform an action, with every binding path that grants it.</summary>
/// <param name="Kind"><c>User</c>, <c>Group</c> or <c>ServiceAccount</c>.</param>
/// <param name="Name">The subject's name.</param>
/// <param name="Namespace">A ServiceAccount's namespace (a RoleBinding's own when the subject names none); null otherwise.</param>
/// <param name="Via">The grants, in the authorizer's order.</param>
public sealed record WhoCanSubject(string Kind, string Name, string? Namespace, IReadOnlyList<WhoCanPath> Via)
{
    /// <summary><c>Group system:masters</c>, <c>ServiceAccount kube-system/certificate-controller</c>.</summary>
    public string Describe() => Namespace is null ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";

    public (string Kind, string Name, string? Namespace) Key => (Kind, Name, Namespace);
}
