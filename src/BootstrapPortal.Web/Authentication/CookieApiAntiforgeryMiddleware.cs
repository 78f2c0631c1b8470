using BootstrapPortal.Web.Security;
using Microsoft.AspNetCore.Antiforgery;

namespace BootstrapPortal.Web.Authentication;

/// <summary>
/// A state-changing API call authenticated by the browser session cookie must carry an antiforgery token
/// (header <c>RequestVerificationToken</c>), or it is refused with a 403 problem: a cookie travels with requests that other
/// sites start. Bearer calls carry no cookie authority and are not affected.
/// </summary>
public sealed partial class CookieApiAntiforgeryMiddleware(RequestDelegate next, IAntiforgery antiforgery, ILogger<CookieApiAntiforgeryMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (RequestKinds.IsApi(context.Request.Path)
            && RequestKinds.IsStateChanging(context.Request.Method)
            && context.User.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == PortalAuthenticationTypes.Person)
            && !await antiforgery.IsRequestValidAsync(context))
        {
            LogRefused(logger, context.Request.Method, context.Request.Path);
            await Results.Problem(
                title: "Antiforgery token required",
                detail: "A state-changing API call made with the browser session needs an antiforgery token; scripts should use a bearer token instead.",
                statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused cookie-authenticated {Method} {Path} without an antiforgery token")]
    private static partial void LogRefused(ILogger logger, string method, string path);
}
