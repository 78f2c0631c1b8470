namespace BootstrapPortal.Core.Kubeconfigs;

/// <summary>Where bootstrap kubeconfigs point (configuration section <c>Kubeconfigs</c>). Unset values come from <c>kube-public/cluster-info</c>.</summary>
public sealed class KubeconfigOptions
{
    public const string SectionName = "Kubeconfigs";

    /// <summary>API server URL written into kubeconfigs instead of the one in cluster-info.</summary>
    public string? ServerUrl { get; set; }

    /// <summary>PEM file with the cluster CA certificate(s), used instead of the CA in cluster-info.</summary>
    public string? CaFile { get; set; }
}
