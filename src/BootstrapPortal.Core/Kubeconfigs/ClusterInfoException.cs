namespace BootstrapPortal.Core.Kubeconfigs;

/// <summary>The cluster's server URL or CA could not be determined (cluster-info missing or malformed, nothing configured).</summary>
public sealed class ClusterInfoException : Exception
{
    public ClusterInfoException(string message)
        : base(message)
    {
    }

    public ClusterInfoException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
