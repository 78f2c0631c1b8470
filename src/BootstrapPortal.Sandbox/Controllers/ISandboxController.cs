namespace BootstrapPortal.Sandbox.Controllers;

/// <summary>A background control loop of the sandbox that talks to the sandbox API server as an ordinary client.</summary>
public interface ISandboxController : IAsyncDisposable
{
    /// <summary>Starts the loop; returns quickly, the loop runs until disposed.</summary>
    Task StartAsync(CancellationToken cancellationToken);
}
