using BootstrapPortal.Web.Security;

namespace BootstrapPortal.Web.Authentication;

/// <summary>The authentication part of the request pipeline; runs after the request-safety checks.</summary>
public static class PortalAuthenticationApplicationExtensions
{
    public static WebApplication UsePortalAuthentication(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<ImpersonationHeaderStrippingMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<CookieApiAntiforgeryMiddleware>();
        return app;
    }

    /// <summary>With login configured, the console's pages and hub need a signed-in session (roles are checked per action).</summary>
    public static TBuilder RequirePortalSignIn<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.RequireAuthorization(Authentication.PortalAuthenticationTypes.SignedInPolicy);
    }

    /// <summary>Whether login is configured (for components and wiring that differ in local mode).</summary>
    public static bool IsLoginConfigured(this IServiceProvider services) => !services.GetRequiredService<PortalActorResolver>().IsLocalMode;
}
