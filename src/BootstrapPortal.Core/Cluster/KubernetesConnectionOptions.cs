namespace BootstrapPortal.Core.Cluster;

/// <summary>Configuration section <c>Kubernetes</c>: which cluster the portal talks to.</summary>
public sealed class KubernetesConnectionOptions
{
    public const string SectionName = "Kubernetes";

    public KubernetesMode Mode { get; set; } = KubernetesMode.Sandbox;

    /// <summary>Kubeconfig file for <see cref="KubernetesMode.Kubeconfig"/>; empty means <c>$KUBECONFIG</c> or <c>~/.kube/config</c>.</summary>
    public string? KubeconfigPath { get; set; }

    /// <summary>Context to use from the kubeconfig; empty means its current-context.</summary>
    public string? Context { get; set; }

    /// <summary>Name shown in the app bar; empty means the sandbox's name, the kubeconfig context's cluster, or "in-cluster".</summary>
    public string? ClusterName { get; set; }

    /// <summary>Seconds a single API request may take before it is abandoned.</summary>
    public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// When true, every write made for a signed-in person or script carries <c>Impersonate-User</c> and <c>Impersonate-Group</c>,
    /// so Kubernetes RBAC and the API server's audit log see the human. The portal's own identity then needs the
    /// <c>impersonate</c> verb on <c>users</c> and <c>groups</c>. The shared caches always use the portal's own identity.
    /// </summary>
    public bool ImpersonateUsers { get; set; }
}
