using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Web.Hosting;

/// <summary>Blazor Server's circuit and hub limits from the validated <c>Circuits</c> section.</summary>
public static class PortalCircuitExtensions
{
    public static IServiceCollection AddPortalCircuits(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<CircuitSettings>().Bind(configuration.GetSection(CircuitSettings.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CircuitSettings>, CircuitSettingsValidator>();
        services.AddOptions<CircuitOptions>().Configure<IOptions<CircuitSettings>>((circuit, settings) =>
        {
            var s = settings.Value;
            circuit.DisconnectedCircuitMaxRetained = s.DisconnectedMaxRetained;
            circuit.DisconnectedCircuitRetentionPeriod = s.DisconnectedRetentionPeriod;
            circuit.JSInteropDefaultCallTimeout = s.JSInteropDefaultCallTimeout;
            circuit.MaxBufferedUnacknowledgedRenderBatches = s.MaxBufferedUnacknowledgedRenderBatches;
        });
        return services;
    }

    /// <summary>The hub's message limit (the hub options are configured before the container exists, so it is read here and validated with the rest).</summary>
    public static IServerSideBlazorBuilder AddPortalHubLimits(this IServerSideBlazorBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = configuration.GetSection(CircuitSettings.SectionName).Get<CircuitSettings>() ?? new CircuitSettings();
        return builder.AddHubOptions(hub => hub.MaximumReceiveMessageSize = settings.MaximumReceiveMessageSize);
    }
}
