namespace BootstrapPortal.Sandbox.Controllers;

/// <summary>
/// Runs only the namespace controller (deleting Terminating namespaces' content, default ServiceAccounts): for a sandbox
/// started without the full controller manager, so that namespace deletion still completes as on a cluster.
/// </summary>
public sealed class NamespaceLifecycleComponent : ISandboxComponent
{
    private NamespaceController? _controller;

    public async Task StartAsync(SandboxCluster cluster, CancellationToken cancellationToken)
    {
        _controller = new NamespaceController(SandboxControllerContext.For(cluster, new SandboxOptions()));
        await _controller.StartAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_controller is not null)
        {
            await _controller.DisposeAsync();
        }
    }
}
