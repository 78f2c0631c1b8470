using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Sandbox;

/// <summary>
/// Which <see cref="ISandboxComponent"/>s <see cref="SandboxCluster.StartAsync(SandboxOptions, ILoggerFactory, CancellationToken)"/>
/// runs (controllers, simulated kubelets). Task B fills this list.
/// </summary>
internal static class SandboxComponents
{
    public static IReadOnlyList<ISandboxComponent> CreateDefault(SandboxOptions options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return [new Controllers.SandboxControllersComponent(options)];
    }
}
