using BootstrapPortal.Sandbox.Controllers;
using BootstrapPortal.Sandbox.Kubelets;

namespace BootstrapPortal.Sandbox;

public sealed partial class SandboxCluster
{
    /// <summary>The simulated kubelets, or null when the controllers component does not run.</summary>
    public SandboxKubeletFleet? Kubelets => Components.OfType<SandboxControllersComponent>().FirstOrDefault()?.Fleet;

    /// <summary>
    /// Starts a new simulated kubelet that joins with the given bootstrap kubeconfig (YAML, e.g. with a bootstrap token made in
    /// the portal); returns its node name once its bootstrap CSR exists. See <see cref="SandboxKubeletFleet.JoinNodeAsync"/>.
    /// </summary>
    public Task<string> JoinNodeAsync(string bootstrapKubeconfigYaml, string? nodeName, CancellationToken cancellationToken) =>
        (Kubelets ?? throw new InvalidOperationException("The sandbox runs without simulated kubelets."))
            .JoinNodeAsync(bootstrapKubeconfigYaml, nodeName, cancellationToken);
}
