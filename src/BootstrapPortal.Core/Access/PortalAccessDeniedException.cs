namespace BootstrapPortal.Core.Access;

/// <summary>The actor's roles do not grant what the action needs; the API answers 403 naming <see cref="RequiredRole"/>.</summary>
public sealed class PortalAccessDeniedException : Exception
{
    public PortalAccessDeniedException(PortalActor actor, PortalPermission permission)
        : base($"{actor?.Name} may not do this: it needs the {PortalRoles.LeastRoleFor(permission)} role.")
    {
        ArgumentNullException.ThrowIfNull(actor);
        ActorName = actor.Name;
        Permission = permission;
        RequiredRole = PortalRoles.LeastRoleFor(permission);
    }

    public PortalAccessDeniedException()
    {
        ActorName = string.Empty;
    }

    public PortalAccessDeniedException(string message)
        : base(message)
    {
        ActorName = string.Empty;
    }

    public PortalAccessDeniedException(string message, Exception innerException)
        : base(message, innerException)
    {
        ActorName = string.Empty;
    }

    public string ActorName { get; }

    public PortalPermission Permission { get; }

    public PortalRole RequiredRole { get; }
}
