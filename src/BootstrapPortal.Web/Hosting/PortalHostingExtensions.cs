using BootstrapPortal.Core.Audit;
using BootstrapPortal.Web.Api;
using BootstrapPortal.Web.Authentication;
using BootstrapPortal.Web.Components;
using BootstrapPortal.Web.Components.Shared;
using BootstrapPortal.Web.Health;
using BootstrapPortal.Web.Metrics;
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
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.SectionName)).ValidateOnStart();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddScoped<BrowserFiles>();
        services.AddPortalAuthentication(configuration);
        services.AddBootstrapPortalAuditTrail(configuration);
        services.AddPortalApi(configuration);
        services.AddPortalMetrics(configuration);
        services.AddHealthChecks().AddCheck<ClusterCacheHealthCheck>("cluster-cache", tags: [ReadyTag]);
        return services;
    }

    public static WebApplication UsePortal(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        app.UseSerilogRequestLogging();
        app.UseMiddleware<LoopbackOnlyMiddleware>();
        app.UsePortalAuthentication();
        app.UseAntiforgery();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponseWriter.WriteAsync });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = HealthResponseWriter.WriteAsync });
        app.MapPortalApi();
        app.MapPortalAuthentication();
        app.MapPortalMetrics();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().RequirePortalSignIn();
        return app;
    }
}
