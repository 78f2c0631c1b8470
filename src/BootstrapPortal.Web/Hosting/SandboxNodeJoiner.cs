using BootstrapPortal.Core.Cluster;
using BootstrapPortal.Core.Kubeconfigs;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Web.Hosting;

/// <summary>Joins simulated kubelets to the embedded sandbox; unavailable against a real cluster.</summary>
public sealed class SandboxNodeJoiner(SandboxClusterHost host, IOptions<KubernetesConnectionOptions> connection) : ISimulatedNodeJoiner
{
    public bool IsAvailable => connection.Value.Mode == KubernetesMode.Sandbox;

    public Task<string> JoinAsync(string bootstrapKubeconfigYaml, string nodeName, CancellationToken cancellationToken)
    {
        if (!IsAvailable)
        {
            throw new InvalidOperationException("Simulated nodes can only join the embedded sandbox.");
        }

        return host.Cluster.JoinNodeAsync(bootstrapKubeconfigYaml, nodeName, cancellationToken);
    }
}
