using BootstrapPortal.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Web.Authentication;

/// <summary>
/// Decides <see cref="PortalPermissionRequirement"/> from the actor the principal resolves to. In local mode that is the
/// local administrator, but only for loopback callers (or anyone with <c>Security:AllowRemoteAnonymous</c>).
/// </summary>
public sealed class PortalPermissionHandler(PortalActorResolver actors, IOptions<SecurityOptions> security) : AuthorizationHandler<PortalPermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PortalPermissionRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        if (actors.IsLocalMode && !security.Value.AllowRemoteAnonymous
            && !(context.Resource is HttpContext http && LoopbackOnlyMiddleware.IsLoopback(http.Connection.RemoteIpAddress)))
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
