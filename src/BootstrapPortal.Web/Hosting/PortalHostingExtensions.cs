using BootstrapPortal.Core.Audit;
using BootstrapPortal.Core.Flow;
using BootstrapPortal.Web.Api;
using BootstrapPortal.Web.Authentication;
using BootstrapPortal.Web.Components;
using BootstrapPortal.Web.Components.Shared;
using BootstrapPortal.Web.Health;
using BootstrapPortal.Web.Metrics;
using BootstrapPortal.Web.Security;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Serilog;

namespace BootstrapPortal.Web.Hosting;

/// <summary>The host's composition, kept out of Program.cs so that Program only wires.</summary>
public static class PortalHostingExtensions
{
    public const string ReadyTag = "ready";

    /// <summary>The console line format of the Development environment.</summary>
    public const string ReadableConsoleTemplate = "{Timestamp:HH:mm:ss} {Level:u3} {SourceContext:l}: {Message:lj}{NewLine}{Exception}";

    /// <summary>
    /// Serilog from the <c>Serilog</c> section: compact JSON on the console by default (for log collectors). In Development the
    /// console sinks of that section are replaced by plain text lines (<see cref="ReadableConsoleTemplate"/>) and, once the
    /// portal listens, a banner says where to open it and how to reach the sandbox with kubectl.
    /// </summary>
    public static WebApplicationBuilder AddPortalLogging(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Environment.IsDevelopment())
        {
            // Each host keeps its own logger (preserveStaticLogger): the static Log.Logger would be shared by every host in
            // the process, so the host started last would receive the others' events.
            builder.Services.AddSerilog((services, logger) => logger
                .ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services), preserveStaticLogger: true);
            return builder;
        }

        builder.Services.AddSerilog((services, logger) =>
        {
            var console = services.GetRequiredService<StartupConsole>();
            logger
                .ReadFrom.Configuration(WithoutConsoleSinks(builder.Configuration))
                .ReadFrom.Services(services);
            if (console.IsProcessConsole)
            {
                logger.WriteTo.Console(outputTemplate: ReadableConsoleTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                logger.WriteTo.Sink(new PlainTextSink(console.Output, ReadableConsoleTemplate));
            }
        }, preserveStaticLogger: true);
        builder.Services.TryAddSingleton<StartupConsole>();
        builder.Services.AddHostedService<StartupBannerService>();
        return builder;
    }

    /// <summary>The configuration with the <c>Serilog:WriteTo</c> entries named <c>Console</c> removed (other sinks stay).</summary>
    internal static IConfiguration WithoutConsoleSinks(IConfiguration configuration)
    {
        var consoleSinks = configuration.GetSection("Serilog:WriteTo").GetChildren()
            .Where(s => string.Equals(s["Name"], "Console", StringComparison.OrdinalIgnoreCase))
            .Select(s => s.Path + ConfigurationPath.KeyDelimiter)
            .ToArray();
        var kept = configuration.AsEnumerable()
            .Where(kv => !consoleSinks.Any(prefix => kv.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || kv.Key + ConfigurationPath.KeyDelimiter == prefix));
        return new ConfigurationBuilder().AddInMemoryCollection(kept).Build();
    }

    /// <summary>
    /// A start refused by a rule or a setting (<see cref="PortalStartupException"/>, <see cref="OptionsValidationException"/>)
    /// ends the process with exit code 2 and one line on stderr that says why, instead of a crash report. Only the process
    /// that runs <c>Program</c> on its own gets here: a host that runs it in-process (the tests) sees the exception itself.
    /// </summary>
    public static WebApplicationBuilder ExitCleanlyWhenStartIsRefused(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            if (e.ExceptionObject is Exception error && StartupFailure(error) is { } message)
            {
                Console.Error.WriteLine("BootstrapPortal did not start: " + message);
                Console.Error.Flush();
                Environment.Exit(2);
            }
        };
        return builder;
    }

    private static string? StartupFailure(Exception error) => error switch
    {
        PortalStartupException refused => refused.Message,
        OptionsValidationException invalid => string.Join(" ", invalid.Failures),
        AggregateException many => many.InnerExceptions.Select(StartupFailure).OfType<string>().FirstOrDefault(),
        _ => null,
    };

    public static IServiceCollection AddPortalUi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddRazorComponents().AddInteractiveServerComponents().AddPortalHubLimits(configuration);
        services.AddPortalCircuits(configuration);
        services.AddMudServices();
        services.AddScoped<BrowserFiles>();
        services.AddScoped<BootstrapPortal.Web.Components.Shared.LiveAnnouncer>();
        services.AddScoped<BootstrapPortal.Web.Components.Shared.ListUrl>();
        services.AddSingleton<BootstrapPortal.Web.Components.Csrs.ICsrListSource, BootstrapPortal.Web.Components.Csrs.CatalogCsrListSource>();
        services.AddPortalAuthentication(configuration);
        services.AddBootstrapPortalAuditTrail(configuration);
        services.AddPortalApi(configuration);
        services.AddBootstrapPortalFlow();
        services.AddPortalMetrics(configuration);
        services.AddHealthChecks().AddCheck<ClusterCacheHealthCheck>("cluster-cache", tags: [ReadyTag]);
        return services;
    }

    public static WebApplication UsePortal(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Headers, error handling, the request log, and the host, loopback, cross-site, content-type and body rules.
        app.UsePortalRequestSafety();

        // The language of the request (the switcher's cookie, then Accept-Language), before anything renders.
        app.UsePortalLocalization();

        // Authentication and authorization after the request rules (called here, so that the host does not put them in
        // front of the rules), then antiforgery and the rate limits (which count signed-in actors by name).
        app.UsePortalAuthentication();
        app.UseAntiforgery();
        app.UsePortalRateLimits();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponseWriter.WriteAsync });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = HealthResponseWriter.WriteAsync });
        app.MapPortalApi();
        app.MapPortalAuthentication();
        app.MapPortalMetrics();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(server => server.ContentSecurityFrameAncestorsPolicy = "'none'").RequirePortalSignIn();
        return app;
    }
}
