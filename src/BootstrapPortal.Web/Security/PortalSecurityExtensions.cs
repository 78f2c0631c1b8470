using BootstrapPortal.Web.Api;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Serilog;

namespace BootstrapPortal.Web.Security;

/// <summary>
/// Safe by default: the security mode, the request rules that run before authentication, forwarded headers, response
/// headers, cookie rules, error handling, rate limits and the listen-address rule, registered and placed in one place each.
/// </summary>
public static class PortalSecurityExtensions
{
    public static IServiceCollection AddPortalSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(PortalSecurityMode.From(configuration));
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>();
        services.AddSingleton<AllowedHostList>();
        services.AddSingleton<IPostConfigureOptions<ForwardedHeadersOptions>, ForwardedHeadersSetup>();
        services.AddSingleton<ListenAddressGuard>();
        services.AddHostedService(provider => provider.GetRequiredService<ListenAddressGuard>());
        services.AddTransient<IStartupFilter, ListenAddressStartupFilter>();
        services.AddPortalRateLimits();
        services.Configure<CookiePolicyOptions>(cookies =>
        {
            // Every cookie the portal (or a handler in it) sets is HttpOnly, and Secure whenever the request is HTTPS
            // (directly or through a trusted proxy). SameSite is left to each cookie's owner: antiforgery's is Strict, the
            // session's and the sign-in correlation cookies are Lax (the provider answers with a top-level GET redirect).
            cookies.HttpOnly = HttpOnlyPolicy.Always;
            cookies.Secure = CookieSecurePolicy.SameAsRequest;
            cookies.MinimumSameSitePolicy = SameSiteMode.Unspecified;
        });
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = StripDiagnostics);

        // A body the API cannot read throws, in every environment, so that ApiExceptionHandler can name the field.
        services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>
    /// The request pipeline's first part, before authentication: response headers, trusted forwarded headers, error handling
    /// (problem details for the API, the portal's error and Not found pages for people), the request log, the request rules
    /// and cookie rules. Authentication and everything after it go behind this.
    /// </summary>
    public static IApplicationBuilder UsePortalRequestSafety(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UsePortalSecurityHeaders();
        var configuration = app.ApplicationServices.GetRequiredService<IConfiguration>();
        var security = app.ApplicationServices.GetRequiredService<IOptions<SecurityOptions>>().Value;
        if (ForwardedHeadersSetup.HasProxies(security) && !string.Equals(configuration[ForwardedHeadersSetup.HostSwitchKey], "true", StringComparison.OrdinalIgnoreCase))
        {
            // Under ASPNETCORE_FORWARDEDHEADERS_ENABLED the host has added this middleware already, with the same options.
            app.UseForwardedHeaders();
        }

        app.UsePortalErrorHandling();
        app.UseSerilogRequestLogging();
        app.UseMiddleware<RequestSafetyMiddleware>();
        app.UseMiddleware<ApiBodyErrors>();
        app.UseCookiePolicy();
        return app;
    }

    /// <summary>
    /// Whatever writes problem details, never a diagnostic reaches the client: the Development environment's exception page
    /// (which the host puts in front of the whole pipeline) would otherwise answer with the exception's type, message, stack
    /// and the request's headers.
    /// </summary>
    private static void StripDiagnostics(ProblemDetailsContext context)
    {
        context.ProblemDetails.Extensions.Remove("exception");
        if (context.Exception is not null)
        {
            var failed = ApiExceptionHandler.Failed;
            context.ProblemDetails.Title = failed.Title;
            context.ProblemDetails.Detail = failed.Detail;
            context.ProblemDetails.Type = null;
        }
    }
}
