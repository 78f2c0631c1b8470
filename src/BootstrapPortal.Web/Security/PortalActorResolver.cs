using System.Security.Claims;
using BootstrapPortal.Core.Access;
using BootstrapPortal.Web.Authentication;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Web.Security;

/// <summary>
/// Turns the authenticated principal of a request or circuit into the <see cref="PortalActor"/> the services act for. With no
/// login configured every (loopback) caller is <see cref="PortalActor.Local"/>. With login, the name comes from
/// <c>Authentication:OpenIdConnect:NameClaim</c> (else <c>email</c>, else <c>sub</c>), the groups from <c>GroupsClaim</c>,
/// and the roles from those groups through <c>Authorization:Roles</c>, read afresh on every call; bearer callers are scripts.
/// </summary>
public sealed class PortalActorResolver(IOptions<OpenIdConnectSettings> login, IOptionsMonitor<RoleMappingOptions> roles)
{
    /// <summary>A caller who has not signed in while login is configured: no roles, so every action is refused.</summary>
    public static PortalActor Unauthenticated { get; } = new("unauthenticated", PortalActorKind.Person, [], []);

    /// <summary>No login is configured: the portal serves loopback only and every caller is the local administrator.</summary>
    public bool IsLocalMode => !login.Value.IsConfigured;

    public PortalActor Resolve(ClaimsPrincipal? user)
    {
        if (IsLocalMode)
        {
            return PortalActor.Local;
        }

        var settings = login.Value;
        var identity = user?.Identities.FirstOrDefault(i => i.IsAuthenticated && i.AuthenticationType is PortalAuthenticationTypes.Person or PortalAuthenticationTypes.Script);
        if (identity is null)
        {
            return Unauthenticated;
        }

        var name = First(identity, settings.NameClaim) ?? First(identity, "email") ?? First(identity, "sub")
            ?? First(identity, "client_id") ?? First(identity, "azp");
        if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsControl))
        {
            return Unauthenticated;
        }

        var groups = identity.FindAll(settings.GroupsClaim).Select(c => c.Value).Where(g => !string.IsNullOrWhiteSpace(g) && !g.Any(char.IsControl)).ToArray();
        var kind = identity.AuthenticationType == PortalAuthenticationTypes.Script ? PortalActorKind.Script : PortalActorKind.Person;
        return new PortalActor(name, kind, groups, roles.CurrentValue.RolesFor(groups));
    }

    private static string? First(ClaimsIdentity identity, string type) =>
        identity.FindFirst(type)?.Value is { Length: > 0 } value ? value : null;
}
