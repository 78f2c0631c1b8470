namespace BootstrapPortal.Core.Rbac;

/// <summary>How creating one fix binding ended.</summary>
public enum FixOutcome
{
    /// <summary>Only planned (a preview).</summary>
    Planned,

    /// <summary>Created through the API server.</summary>
    Created,

    /// <summary>A binding of that name with the same role and subject already existed.</summary>
    AlreadyExists,

    /// <summary>Kubernetes refused it (RBAC or admission; e.g. the impersonated person may not bind the role).</summary>
    Refused,

    /// <summary>It failed for another reason (name taken by a different binding, API server unreachable).</summary>
    Failed,
}
