using BootstrapPortal.Web.Api;
using BootstrapPortal.Web.Components;
using BootstrapPortal.Web.Components.Shared;
using BootstrapPortal.Web.Health;
using BootstrapPortal.Web.Security;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using MudBlazor.Services;
using Serilog;

namespace BootstrapPortal.Web.Hosting;

/// <summary>The host's composition, kept out of Program.cs so that Program only wires.</summary>
public static class PortalHostingExtensions
{
    public const string ReadyTag = "ready";

    public static WebApplicationBuilder AddPortalLogging(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services));
        return builder;
    }

    public static IServiceCollection AddPortalUi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddScoped<BrowserFiles>();
        services.AddSingleton<PortalActorResolver>();
        services.AddScoped<CurrentActor>();
        services.AddPortalApi(configuration);
        services.AddHealthChecks().AddCheck<ClusterCacheHealthCheck>("cluster-cache", tags: [ReadyTag]);
        return services;
    }

    public static WebApplication UsePortal(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Headers, error handling, the request log, and the host, loopback, cross-site, content-type and body rules.
        app.UsePortalRequestSafety();

        // Authentication goes here: after the request rules, before authorization (called here, so that the host does not
        // put it in front of the request rules), antiforgery and rate limits (which count signed-in actors by name).
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UsePortalRateLimits();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponseWriter.WriteAsync });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = HealthResponseWriter.WriteAsync });
        app.MapPortalApi();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(server => server.ContentSecurityFrameAncestorsPolicy = "'none'");
        return app;
    }
}
