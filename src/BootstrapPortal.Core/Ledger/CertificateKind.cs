namespace BootstrapPortal.Core.Ledger;

/// <summary>What a node certificate is for, from the CSR's signer.</summary>
public enum CertificateKind
{
    /// <summary><c>kubernetes.io/kube-apiserver-client-kubelet</c>: the kubelet's client certificate.</summary>
    Client,

    /// <summary><c>kubernetes.io/kubelet-serving</c>: the kubelet's serving certificate (port 10250).</summary>
    Serving,

    /// <summary>Any other signer.</summary>
    Other,
}
