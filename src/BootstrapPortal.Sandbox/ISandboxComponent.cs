namespace BootstrapPortal.Sandbox;

/// <summary>
/// A part of the simulated control plane or a simulated kubelet, started after the API server is up
/// (controllers talk to the server over HTTPS with <see cref="SandboxCluster.CreateClientConfiguration"/>).
/// </summary>
public interface ISandboxComponent : IAsyncDisposable
{
    Task StartAsync(SandboxCluster cluster, CancellationToken cancellationToken);
}
