using k8s;

namespace BootstrapPortal.Core.Cluster;

/// <summary>Where the portal's Kubernetes client connects, and how the cluster is named on screen.</summary>
public sealed record ClusterEndpoint(string DisplayName, KubernetesMode Mode, KubernetesClientConfiguration Configuration)
{
    public string ServerUrl => Configuration.Host ?? string.Empty;
}
