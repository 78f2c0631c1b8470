using System.Net;
using BootstrapPortal.Web.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;

namespace BootstrapPortal.Web.Authentication;

/// <summary>
/// <c>GET /auth/sign-in?returnUrl=</c> (starts the OpenID Connect sign-in), <c>POST /auth/sign-out</c> (antiforgery-checked;
/// ends the session here and at the identity provider) and <c>GET /auth/signed-out</c>.
/// </summary>
public static class AuthenticationEndpoints
{
    public const string SignInPath = "/auth/sign-in";
    public const string SignOutPath = "/auth/sign-out";
    public const string SignedOutPath = "/auth/signed-out";
    public const string SignInFailedPath = "/auth/sign-in-failed";

    public static IEndpointRouteBuilder MapPortalAuthentication(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetRequiredService<PortalActorResolver>().IsLocalMode)
        {
            return endpoints;
        }

        endpoints.MapGet(SignInPath, (string? returnUrl) =>
            Results.Challenge(new AuthenticationProperties { RedirectUri = LocalReturnUrl(returnUrl) }, [PortalAuthenticationTypes.OpenIdConnectScheme]))
            .AllowAnonymous().ExcludeFromDescription();
        endpoints.MapPost(SignOutPath, SignOutAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        endpoints.MapGet(SignedOutPath, () => Results.Content(Page("You are signed out"), "text/html; charset=utf-8"))
            .AllowAnonymous().ExcludeFromDescription();
        endpoints.MapGet(SignInFailedPath, () => Results.Content(Page("Sign-in did not complete"), "text/html; charset=utf-8", statusCode: StatusCodes.Status400BadRequest))
            .AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>Only a path on this site (never <c>//host</c> or <c>/\host</c>) is a place to come back to; anything else is the overview.</summary>
    public static string LocalReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 and < 2048 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
            && !url.Any(char.IsControl) ? url : "/";

    private static async Task<IResult> SignOutAsync(HttpContext http, IAntiforgery antiforgery)
    {
        // The form carries the antiforgery token, so no other site can sign a person out.
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.Problem(title: "The sign-out form is stale", detail: "Reload the page and sign out again.", statusCode: StatusCodes.Status400BadRequest);
        }

        return Results.SignOut(new AuthenticationProperties { RedirectUri = SignedOutPath },
            [PortalAuthenticationTypes.CookieScheme, PortalAuthenticationTypes.OpenIdConnectScheme]);
    }

    private static string Page(string heading) =>
        $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{heading} · BootstrapPortal</title></head>" +
        $"<body><h1>{heading}</h1>" +
        $"<p><a href=\"{WebUtility.HtmlEncode(SignInPath)}\" data-testid=\"sign-in-again\">Sign in again</a></p></body></html>";
}
