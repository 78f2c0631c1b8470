using BootstrapPortal.Web.Security;
using Microsoft.AspNetCore.Authorization;

namespace BootstrapPortal.Web.Api;

/// <summary>
/// Succeeds <see cref="LoopbackAnonymousRequirement"/> for a request that passed the local-mode request rules (loopback client
/// unless remote anonymous access is allowed, loopback or allowed host name), which run before authorization. A request that
/// did not pass them, or any request once login is configured, is not admitted by this handler.
/// </summary>
public sealed class LoopbackAnonymousHandler(PortalSecurityMode mode) : AuthorizationHandler<LoopbackAnonymousRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, LoopbackAnonymousRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (mode.IsLocal && context.Resource is HttpContext http && http.Features.Get<LocalAccessFeature>() is not null)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
