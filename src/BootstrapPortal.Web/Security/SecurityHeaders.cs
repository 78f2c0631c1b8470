namespace BootstrapPortal.Web.Security;

/// <summary>
/// Response headers on every answer, pages, API and errors alike (set when the response starts, so that error handling,
/// which clears headers, and antiforgery, which would add <c>X-Frame-Options: SAMEORIGIN</c>, cannot weaken them).
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Scripts only from the portal itself (no inline script, no eval); the live connection (WebSocket) to the portal
    /// itself; never framed. Styles allow <c>'unsafe-inline'</c> because MudBlazor sets <c>style</c> attributes and its theme
    /// provider writes a <c>&lt;style&gt;</c> element at run time: a hash or nonce cannot cover them.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UsePortalSecurityHeaders(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(Apply, context.Response);
            return next(context);
        });
    }

    private static Task Apply(object state)
    {
        var headers = ((HttpResponse)state).Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
        return Task.CompletedTask;
    }
}
