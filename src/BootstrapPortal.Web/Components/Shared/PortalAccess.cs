using BootstrapPortal.Core.Access;
using BootstrapPortal.Web.Resources;
using Microsoft.Extensions.Localization;

namespace BootstrapPortal.Web.Components.Shared;

/// <summary>What pages say about an action the person may not take: the same role table the services enforce.</summary>
public static class PortalAccess
{
    /// <summary>Shown while the person's roles are read (the action stays disabled until then).</summary>
    public const string Loading = "";

    /// <summary>Null when <paramref name="actor"/> may; otherwise why not, e.g. "Needs the Approver role (you are a Viewer)."</summary>
    public static string? Missing(PortalActor? actor, PortalPermission permission, IStringLocalizer<SharedText> L)
    {
        ArgumentNullException.ThrowIfNull(L);
        if (actor is null)
        {
            return L["Loading your roles…"];
        }

        if (actor.Can(permission))
        {
            return null;
        }

        var held = actor.Roles.Count == 0 ? L["you have no role"] : L["you are {0}", string.Join(", ", actor.Roles.Order())];
        return L["Needs the {0} role ({1}).", PortalRoles.LeastRoleFor(permission), held];
    }
}
