using BootstrapPortal.Sandbox.Kubelets;

namespace BootstrapPortal.Sandbox.Controllers;

/// <summary>
/// Plugs the sandbox's controller manager (csrapproving, csrsigning, csrcleaner, tokencleaner, bootstrapsigner) and the
/// simulated kubelets into a <see cref="SandboxCluster"/>. They use client certificates issued by the cluster CA and talk to
/// the API server over HTTPS. Timestamps are real time; Kubernetes durations are divided by
/// <see cref="SandboxOptions.ClockSpeed"/> (see <see cref="SandboxTimeScale"/>).
/// </summary>
public sealed class SandboxControllersComponent : ISandboxComponent
{
    private readonly SandboxOptions _options;
    private SandboxControllerManager? _manager;

    public SandboxControllersComponent(SandboxOptions options) => _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>The running controller manager (after start).</summary>
    public SandboxControllerManager Manager => _manager ?? throw new InvalidOperationException("The sandbox controllers have not been started.");

    /// <summary>The simulated kubelets (after start).</summary>
    public SandboxKubeletFleet Fleet => Manager.Fleet;

    public async Task StartAsync(SandboxCluster cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (_options.SigningDuration <= TimeSpan.Zero)
        {
            throw new ArgumentException("Sandbox:SigningDuration must be positive (kube-controller-manager --cluster-signing-duration).");
        }

        var context = SandboxControllerContext.For(cluster, _options);
        _manager = new SandboxControllerManager(context);
        await _manager.StartAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_manager is not null)
        {
            await _manager.DisposeAsync();
        }
    }
}
