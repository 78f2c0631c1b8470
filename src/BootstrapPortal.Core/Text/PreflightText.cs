namespace BootstrapPortal.Core.Text;

/// <summary>The preflight's checks: what each checks and how to fix it.</summary>
public static class PreflightText
{
    public static readonly TextFormat AnonymousTitle = new("Anonymous users can read kube-public/cluster-info (kubeadm join discovery)");
    public static readonly TextFormat AnonymousRefusedFix = new("kube-apiserver refuses anonymous requests (--anonymous-auth=false), so kubeadm join --token cannot discover the cluster. Enable anonymous auth (optionally limited to /healthz-style paths and cluster-info), or join with file or kubeconfig discovery.");
    public static readonly TextFormat AnonymousForbiddenFix = new("Let anonymous users read only this ConfigMap, as kubeadm does (kubectl apply -f this):\n{0}");
    public static readonly TextFormat CreateClusterInfoFix = new("Create kube-public/cluster-info (kubeadm init phase bootstrap-token does it) with the cluster's server and CA.");
    public static readonly TextFormat AnonymousUnreachableFix = new("The portal could not reach the API server without credentials; check the network path.");

    public static readonly TextFormat ClientCaTitle = new("The cluster CA in kube-public/cluster-info is present and valid");
    public static readonly TextFormat ClientCaFlagFix = new("Start kube-apiserver with --client-ca-file pointing at the CA kube-controller-manager signs with (--cluster-signing-cert-file); without it no kubelet can authenticate with the certificate it bootstraps.");
    public static readonly TextFormat ClusterInfoMissingFix = new("Create kube-public/cluster-info with a kubeconfig that holds the cluster's server and certificate-authority-data (kubeadm init phase bootstrap-token).");
    public static readonly TextFormat ClusterInfoRewriteFix = new("Rewrite the kubeconfig key of kube-public/cluster-info with one cluster: its https server and certificate-authority-data.");
    public static readonly TextFormat LeafNotCaFix = new("certificate-authority-data must hold the CA certificate (basic constraints CA:TRUE), not a leaf certificate.");
    public static readonly TextFormat CaExpiredFix = new("The cluster CA has expired: no certificate it signs is valid. Renew the CA and redistribute it (kubeadm certs renew does not renew the CA).");
    public static readonly TextFormat CaNotYetValidFix = new("The cluster CA is not valid yet: check the control plane's clock.");
    public static readonly TextFormat CaExpiresSoonFix = new("The cluster CA expires on {0}: plan its rotation before then.");
    public static readonly TextFormat OtherSigningCaFix = new("The signer issues kubelet certificates from another CA than the one in cluster-info. kube-apiserver's --client-ca-file must contain the signing CA (kube-controller-manager --cluster-signing-cert-file) or bootstrapped kubelets cannot authenticate.");

    public static readonly TextFormat SignaturesTitle = new("cluster-info is signed for each token that may sign (kubeadm join discovery)");
    public static readonly TextFormat SignerFix = new("Run kube-controller-manager with the bootstrapsigner controller (--controllers=*,bootstrapsigner,tokencleaner; kubeadm sets it). It signs kube-public/cluster-info for each token with usage signing.");
    public static readonly TextFormat SignerFixBadSignature = new("Run kube-controller-manager with the bootstrapsigner controller (--controllers=*,bootstrapsigner,tokencleaner; kubeadm sets it). It signs kube-public/cluster-info for each token with usage signing. A signature that does not verify means cluster-info was changed after signing or was signed with another secret.");
    public static readonly TextFormat SignerNeverCreatesFix = new("Create kube-public/cluster-info (kubeadm init phase bootstrap-token); the bootstrapsigner controller never creates it.");
    public static readonly TextFormat SigningTokenFix = new("Create a token with usage signing to join with kubeadm token discovery (kubeconfig-based joins do not need it).");

    public static readonly TextFormat ApprovingTitle = new("kube-controller-manager auto-approves kubelet client CSRs");
    public static readonly TextFormat ApprovingFix = new("Keep kube-controller-manager's csrapproving controller enabled (it is on by default; --controllers must not contain -csrapproving).");
    public static readonly TextFormat ApprovingPartlyFix = new("csrapproving works, but some kubelet client CSRs are not auto-approvable: fix the bootstrap checklist or approve them by hand.");
    public static readonly TextFormat ApprovingUnknownFix = new("Join a node with a token whose group is auto-approved, then run the preflight again.");

    public static readonly TextFormat SigningTitle = new("kube-controller-manager signs approved kubelet CSRs");
    public static readonly TextFormat SigningFix = new("Give kube-controller-manager the cluster CA to sign with (--cluster-signing-cert-file and --cluster-signing-key-file, kubeadm uses /etc/kubernetes/pki/ca.crt and ca.key) and keep its csrsigning controller enabled.");
    public static readonly TextFormat SignerRefusedFix = new("The signer refused some CSRs (SignerValidationFailure): their subject, SANs or usages do not fit the kubelet client signer. Fix the requester.");
    public static readonly TextFormat SigningUnknownFix = new("Join a node (or approve a pending kubelet client CSR) and run the preflight again.");

    public static readonly TextFormat TokenAuthTitle = new("kube-apiserver authenticates bootstrap tokens");
    public static readonly TextFormat TokenAuthFix = new("Start kube-apiserver with --enable-bootstrap-token-auth=true (kubeadm sets it). Without it no kubelet can authenticate with a bootstrap token.");
    public static readonly TextFormat TokenAuthProbeFailedFix = new("The flag is set but the probe was not authenticated: check kube-apiserver's logs for the bootstrap token authenticator.");
    public static readonly TextFormat TokenAuthUnknownFix = new("Let the portal create Secrets in kube-system and tokenreviews (authentication.k8s.io) so it can probe, or check the flag yourself.");

    public static readonly TextFormat TokenExpiryTitle = new("Bootstrap tokens expire and expired ones are removed");
    public static readonly TextFormat NeverExpiringFix = new("Give every token an expiration (kubeadm's default is 24 h) or delete the ones that never expire.");
    public static readonly TextFormat LingeringFix = new("Enable tokencleaner in kube-controller-manager (--controllers=*,bootstrapsigner,tokencleaner) or delete expired tokens yourself.");
    public static readonly TextFormat TokenCleanerFix = new("Enable tokencleaner (--controllers=*,bootstrapsigner,tokencleaner) so expired tokens are removed.");
}
