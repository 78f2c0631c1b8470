namespace BootstrapPortal.Core.Certificates;

/// <summary>Well-known certificates.k8s.io signer names (k8s.io/api certificates/v1).</summary>
public static class KubernetesSignerNames
{
    public const string KubeApiServerClient = "kubernetes.io/kube-apiserver-client";
    public const string KubeApiServerClientKubelet = "kubernetes.io/kube-apiserver-client-kubelet";
    public const string KubeletServing = "kubernetes.io/kubelet-serving";
    public const string LegacyUnknown = "kubernetes.io/legacy-unknown";
}
