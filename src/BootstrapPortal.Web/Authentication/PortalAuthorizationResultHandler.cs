using BootstrapPortal.Core.Access;
using BootstrapPortal.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace BootstrapPortal.Web.Authentication;

/// <summary>
/// What a refused request is told. On the JSON API: 401 problem details when no valid credentials came (never a redirect to
/// the login page), 403 problem details naming the role the call needs otherwise. Pages keep the default (sign-in redirect).
/// </summary>
public sealed partial class PortalAuthorizationResultHandler(PortalActorResolver actors, ILogger<PortalAuthorizationResultHandler> logger) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Succeeded || !RequestKinds.IsMachineClient(context))
        {
            if (!authorizeResult.Succeeded && actors.IsLocalMode)
            {
                // Local mode has no sign-in to send anyone to.
                await WriteLocalRefusalAsync(context);
                return;
            }

            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        if (actors.IsLocalMode)
        {
            await WriteLocalRefusalAsync(context);
            return;
        }

        var actor = actors.Resolve(context.User);
        if (ReferenceEquals(actor, PortalActorResolver.Unauthenticated))
        {
            LogUnauthenticated(logger, context.Request.Path);
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Results.Problem(
                title: "Authentication required",
                detail: "Send a bearer token from the portal's identity provider: Authorization: Bearer <token>.",
                statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(context);
            return;
        }

        var permission = policy.Requirements.OfType<PortalPermissionRequirement>().Select(r => (PortalPermission?)r.Permission).FirstOrDefault();
        LogForbidden(logger, actor.Name, context.Request.Path, permission?.ToString() ?? "-");
        await WriteForbiddenAsync(context, actor, permission);
    }

    /// <summary>The 403 answer for <paramref name="actor"/> lacking <paramref name="permission"/> (also used for refusals from the service layer).</summary>
    public static Task WriteForbiddenAsync(HttpContext context, PortalActor actor, PortalPermission? permission)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(actor);
        return ForbiddenProblem(actor, permission).ExecuteAsync(context);
    }

    /// <summary>403 problem details naming the least role that grants <paramref name="permission"/> and every role that does.</summary>
    public static IResult ForbiddenProblem(PortalActor actor, PortalPermission? permission)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var required = permission is { } p ? PortalRoles.LeastRoleFor(p) : (PortalRole?)null;
        var any = permission is { } q ? string.Join(" or ", PortalRoles.RolesFor(q)) : null;
        var held = actor.Roles.Count == 0 ? "no role" : "the roles " + string.Join(", ", actor.Roles.Order());
        return Results.Problem(
            title: required is null ? "Forbidden" : $"This needs the {required} role",
            detail: $"{actor.Name} has {held}; this action needs {any ?? "a role that grants it"}.",
            statusCode: StatusCodes.Status403Forbidden,
            extensions: new Dictionary<string, object?> { ["requiredRole"] = required?.ToString(), ["permission"] = permission?.ToString() });
    }

    // Local mode refuses only a request that did not pass the request rules (they admit loopback clients only), so the
    // answer is the loopback rule's own.
    private static Task WriteLocalRefusalAsync(HttpContext context) =>
        RequestSafetyMiddleware.WriteAsync(context, RequestRules.LoopbackOnly);

    [LoggerMessage(Level = LogLevel.Information, Message = "API request {Path} without valid credentials: 401")]
    private static partial void LogUnauthenticated(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Actor} on {Path}: needs permission {Permission}")]
    private static partial void LogForbidden(ILogger logger, string actor, string path, string permission);
}
