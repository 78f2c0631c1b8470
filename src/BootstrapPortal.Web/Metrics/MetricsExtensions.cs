using Microsoft.Extensions.Options;
using Prometheus;

namespace BootstrapPortal.Web.Metrics;

/// <summary>Wires <c>/metrics</c>: validated options, the portal's registry, and a plain GET endpoint in Prometheus text format.</summary>
public static class MetricsExtensions
{
    public static IServiceCollection AddPortalMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>();
        services.AddSingleton<PortalMetrics>();
        return services;
    }

    public static IEndpointRouteBuilder MapPortalMetrics(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (!options.Enabled)
        {
            return endpoints;
        }

        endpoints.MapGet(options.Path, async (HttpContext http, PortalMetrics metrics) =>
        {
            http.Response.ContentType = PrometheusConstants.TextContentTypeWithVersionAndEncoding;
            http.Response.Headers.CacheControl = "no-store";
            await metrics.Registry.CollectAndExportAsTextAsync(http.Response.Body, http.RequestAborted);
        }).ExcludeFromDescription();
        return endpoints;
    }
}
