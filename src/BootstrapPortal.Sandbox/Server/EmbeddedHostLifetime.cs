using Microsoft.Extensions.Hosting;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>
/// Host lifetime for the embedded server: does not hook Ctrl+C/SIGTERM (the hosting application owns process signals; the
/// sandbox stops when <see cref="SandboxCluster"/> is disposed).
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
