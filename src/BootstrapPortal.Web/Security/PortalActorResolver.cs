using System.Security.Claims;
using BootstrapPortal.Core.Access;

namespace BootstrapPortal.Web.Security;

/// <summary>
/// Turns the authenticated principal of a request or circuit into the <see cref="PortalActor"/> the services act for. With no
/// login configured every (loopback) caller is <see cref="PortalActor.Local"/>.
/// </summary>
public sealed class PortalActorResolver
{
    public PortalActor Resolve(ClaimsPrincipal? user)
    {
        if (user?.Identity is not { IsAuthenticated: true } identity || string.IsNullOrWhiteSpace(identity.Name))
        {
            return PortalActor.Local;
        }

        var groups = user.FindAll("groups").Select(c => c.Value).ToArray();
        var roles = user.FindAll(ClaimTypes.Role).Select(c => Enum.TryParse<PortalRole>(c.Value, out var r) ? (PortalRole?)r : null)
            .OfType<PortalRole>();
        return new PortalActor(identity.Name, PortalActorKind.Person, groups, roles);
    }
}
