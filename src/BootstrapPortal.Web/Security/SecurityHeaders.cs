using BootstrapPortal.Web.Authentication;
using Microsoft.Extensions.Options;

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

    /// <summary>
    /// The policy with login configured: the sign-out form redirects to the identity provider's end-session endpoint, and
    /// browsers apply <c>form-action</c> to a form's redirects too, so the authority's origin is added there (nowhere else).
    /// </summary>
    public static string ContentSecurityPolicyFor(string? authority) =>
        Uri.TryCreate(authority?.Trim(), UriKind.Absolute, out var issuer) && (issuer.Scheme == Uri.UriSchemeHttps || issuer.Scheme == Uri.UriSchemeHttp)
            ? ContentSecurityPolicy.Replace("form-action 'self'", "form-action 'self' " + issuer.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)
            : ContentSecurityPolicy;

    public static IApplicationBuilder UsePortalSecurityHeaders(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Read on the first request, not while the pipeline is built: reading the settings validates them, and start-up
        // validation must report every invalid setting at once (e.g. a missing Security:AllowedHosts next to a ClientId).
        var settings = app.ApplicationServices.GetRequiredService<IOptions<OpenIdConnectSettings>>();
        var policy = new Lazy<string>(() => settings.Value is { IsConfigured: true } login ? ContentSecurityPolicyFor(login.Authority) : ContentSecurityPolicy);
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(() => Apply(context.Response.Headers, policy.Value));
            return next(context);
        });
    }

    private static Task Apply(IHeaderDictionary headers, string policy)
    {
        headers.ContentSecurityPolicy = policy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
        return Task.CompletedTask;
    }
}
