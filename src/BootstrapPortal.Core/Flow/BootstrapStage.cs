namespace BootstrapPortal.Core.Flow;

/// <summary>
/// The steps of kubelet TLS bootstrapping, in order: a bootstrap token exists, the kubelet authenticated with it and created a
/// client CSR, the CSR was approved, the signer issued the certificate, the kubelet wrote its kubeconfig and registered its
/// Node, and later the kubelet renewed the certificate with its own identity.
/// </summary>
public enum BootstrapStage
{
    Token,
    CsrCreated,
    Approved,
    CertificateIssued,
    Registered,
    Renewed,
}
