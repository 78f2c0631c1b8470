namespace BootstrapPortal.Core.Cluster;

/// <summary>How the portal reaches Kubernetes.</summary>
public enum KubernetesMode
{
    /// <summary>Start the embedded sandbox cluster and connect to it.</summary>
    Sandbox,

    /// <summary>Connect with a kubeconfig file.</summary>
    Kubeconfig,

    /// <summary>Connect with the pod's service account (the portal runs inside the cluster).</summary>
    InCluster,
}
