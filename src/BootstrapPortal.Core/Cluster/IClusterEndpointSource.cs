namespace BootstrapPortal.Core.Cluster;

/// <summary>Gives the cluster endpoint once it is known (the sandbox only knows its port after it has started).</summary>
public interface IClusterEndpointSource
{
    ClusterEndpoint GetEndpoint();
}
