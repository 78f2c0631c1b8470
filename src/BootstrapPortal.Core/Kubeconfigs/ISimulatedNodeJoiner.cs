namespace BootstrapPortal.Core.Kubeconfigs;

/// <summary>
/// Starts a simulated kubelet that joins with a given bootstrap kubeconfig. Only the embedded sandbox offers it; against a
/// real cluster <see cref="IsAvailable"/> is false.
/// </summary>
public interface ISimulatedNodeJoiner
{
    bool IsAvailable { get; }

    /// <summary>Starts the kubelet and returns the node name it registers as.</summary>
    Task<string> JoinAsync(string bootstrapKubeconfigYaml, string nodeName, CancellationToken cancellationToken);
}
