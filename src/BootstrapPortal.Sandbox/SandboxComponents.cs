using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Sandbox;

/// <summary>
/// Which <see cref="ISandboxComponent"/>s <see cref="SandboxCluster.StartAsync(SandboxOptions, ILoggerFactory, CancellationToken)"/>
/// runs: the controller manager with the simulated kubelets, and the agent of the fleet scenario when it has nodes.
/// </summary>
internal static class SandboxComponents
{
    public static IReadOnlyList<ISandboxComponent> CreateDefault(SandboxOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return options.Fleet.Nodes > 0
            ? [new Controllers.SandboxControllersComponent(options), new Fleet.FleetAgent()]
            : [new Controllers.SandboxControllersComponent(options)];
    }
}
