using BootstrapPortal.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Web.Api;

/// <summary>Succeeds <see cref="LoopbackAnonymousRequirement"/> for requests from loopback, or from anywhere when remote anonymous access is allowed.</summary>
public sealed class LoopbackAnonymousHandler(IOptions<SecurityOptions> options) : AuthorizationHandler<LoopbackAnonymousRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, LoopbackAnonymousRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (options.Value.AllowRemoteAnonymous ||
            (context.Resource is HttpContext http && LoopbackOnlyMiddleware.IsLoopback(http.Connection.RemoteIpAddress)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
