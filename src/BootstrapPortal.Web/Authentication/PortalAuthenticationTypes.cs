namespace BootstrapPortal.Web.Authentication;

/// <summary>Scheme names and the authentication types the portal stamps on identities, so the actor's kind is known.</summary>
public static class PortalAuthenticationTypes
{
    /// <summary>The policy scheme that picks <see cref="BearerScheme"/> for <c>Authorization: Bearer</c>, else <see cref="CookieScheme"/>.</summary>
    public const string DefaultScheme = "BootstrapPortal";
    public const string CookieScheme = "Cookies";
    public const string OpenIdConnectScheme = "OpenIdConnect";
    public const string BearerScheme = "Bearer";

    /// <summary>A person who signed in through OpenID Connect (browser session).</summary>
    public const string Person = "BootstrapPortal.Person";

    /// <summary>A script with a bearer token from the same authority.</summary>
    public const string Script = "BootstrapPortal.Script";

    /// <summary>The policy a signed-in session needs for the console (the role checks are per action).</summary>
    public const string SignedInPolicy = "portal:signed-in";
}
