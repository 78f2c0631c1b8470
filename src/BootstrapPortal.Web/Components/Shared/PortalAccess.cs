using BootstrapPortal.Core.Access;

namespace BootstrapPortal.Web.Components.Shared;

/// <summary>What pages say about an action the person may not take: the same role table the services enforce.</summary>
public static class PortalAccess
{
    /// <summary>Null when <paramref name="actor"/> may; otherwise why not, e.g. "Needs the Approver role (you are a Viewer)."</summary>
    public static string? Missing(PortalActor? actor, PortalPermission permission)
    {
        if (actor is null)
        {
            return "Loading your roles…";
        }

        if (actor.Can(permission))
        {
            return null;
        }

        var held = actor.Roles.Count == 0 ? "you have no role" : "you are " + string.Join(", ", actor.Roles.Order());
        return $"Needs the {PortalRoles.LeastRoleFor(permission)} role ({held}).";
    }
}
