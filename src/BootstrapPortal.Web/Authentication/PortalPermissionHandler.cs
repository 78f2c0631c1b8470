using BootstrapPortal.Web.Security;
using Microsoft.AspNetCore.Authorization;

namespace BootstrapPortal.Web.Authentication;

/// <summary>
/// Decides <see cref="PortalPermissionRequirement"/> from the actor the principal resolves to. In local mode that is the
/// local administrator, but only for a request that passed the local-mode request rules, which run before authentication
/// (<see cref="LocalAccessFeature"/>: a loopback client, or anyone with <c>Security:AllowRemoteAnonymous</c>, under an
/// allowed host name). A pipeline that skipped those rules fails closed.
/// </summary>
public sealed class PortalPermissionHandler(PortalActorResolver actors) : AuthorizationHandler<PortalPermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PortalPermissionRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        if (actors.IsLocalMode && !(context.Resource is HttpContext http && http.Features.Get<LocalAccessFeature>() is not null))
        {
            return Task.CompletedTask;
        }

        if (actors.Resolve(context.User).Can(requirement.Permission))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
