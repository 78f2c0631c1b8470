namespace BootstrapPortal.Core.Text;

/// <summary>
/// The facts a preflight check saw (its evidence lines): flags, object names and times are arguments and stay verbatim;
/// answers from the cluster are passed as <see cref="CommonText.Verbatim"/>.
/// </summary>
public static class EvidenceText
{
    public static readonly TextFormat ApiServerWithoutClientCa = new("static pod {0} runs kube-apiserver without --client-ca-file");
    public static readonly TextFormat ApiServerClientCa = new("kube-apiserver verifies client certificates with --client-ca-file={0}");
    public static readonly TextFormat ClusterInfoMissing = new("ConfigMap kube-public/cluster-info does not exist");
    public static readonly TextFormat CaCertificate = new("CA {0}, valid {1} to {2}, pin {3}, server {4}");
    public static readonly TextFormat NewestChains = new("the newest kubelet client certificate (CSR {0}) chains to this CA");
    public static readonly TextFormat NewestDoesNotChain = new("the newest kubelet client certificate (CSR {0}, issuer {1}) does not chain to this CA");
    public static readonly TextFormat CertificateUnreadable = new("the certificate of CSR {0} could not be read ({1})");

    public static readonly TextFormat NothingToSign = new("kube-public/cluster-info does not exist or has no kubeconfig key, so there is nothing to sign");
    public static readonly TextFormat NotSignedYet = new("token {0} was created {1} s ago and is not signed yet (normal for a few seconds)");
    public static readonly TextFormat SignatureMissing = new("token {0} may sign, but cluster-info has no {1}: kubeadm join --token with it fails");
    public static readonly TextFormat SignatureInvalid = new("the signature for token {0} does not verify against the stored kubeconfig: kubeadm join --token with it is refused");
    public static readonly TextFormat SignatureValid = new("token {0}: valid signature");
    public static readonly TextFormat OrphanSignatures = new("signatures for tokens that no longer may sign: {0} (the signer removes them; if they stay, it is not running)");
    public static readonly TextFormat NoSigningToken = new("no token has usage signing, so the signer cannot be checked; kubeadm join --token needs such a token");

    public static readonly TextFormat RunsCsrApproving = new("static pod {0} runs csrapproving");
    public static readonly TextFormat DisablesCsrApproving = new("static pod {0} disables csrapproving (--controllers={1})");
    public static readonly TextFormat AutoApprovedRecently = new("{0} kubelet client CSR(s) auto-approved recently; newest {1} at {2}: {3}");
    public static readonly TextFormat OverdueApproval = new("CSR {0} from {1} has waited {2} though RBAC allows its {3} review ({4})");
    public static readonly TextFormat WaitForPerson = new("{0} kubelet client CSR(s) wait for a person because RBAC does not allow their auto-approval (see the bootstrap checklist)");
    public static readonly TextFormat NoAutoApproval = new("no kubelet client CSR was auto-approved within {0}, so nothing shows whether csrapproving runs");
    public static readonly TextFormat ControllerManagerFlagsHidden = new("kube-controller-manager's flags are not visible: {0}");
    public static readonly TextFormat ApiServerFlagsHidden = new("kube-apiserver's flags are not visible: {0}");

    public static readonly TextFormat SignsWith = new("static pod {0} signs with {1}");
    public static readonly TextFormat NoSigningFlags = new("static pod {0} has no --cluster-signing-cert-file/--cluster-signing-key-file");
    public static readonly TextFormat DisablesCsrSigning = new("static pod {0} disables csrsigning (--controllers={1})");
    public static readonly TextFormat IssuedRecently = new("{0} kubelet client certificate(s) issued recently; newest for CSR {1}, valid from {2} to {3}");
    public static readonly TextFormat ApprovedWithoutCertificate = new("CSR {0} was approved {1} ago and still has no certificate");
    public static readonly TextFormat CsrFailed = new("CSR {0} failed: {1} {2}");
    public static readonly TextFormat NothingIssued = new("no kubelet client CSR was approved or issued within {0}, so nothing shows whether the signer runs");

    public static readonly TextFormat TokenAuthFlag = new("static pod {0} runs kube-apiserver with --enable-bootstrap-token-auth={1}");
    public static readonly TextFormat NoTokenAuthFlag = new("static pod {0} runs kube-apiserver without --enable-bootstrap-token-auth=true");
    public static readonly TextFormat ProbeAuthenticated = new("{0}: user {1}, groups {2}; the probe token was deleted afterwards");
    public static readonly TextFormat ProbeRefused = new("{0}; the probe token was deleted afterwards");
    public static readonly TextFormat ProbeCouldNotRun = new("the probe could not run: {0}");

    public static readonly TextFormat NeverExpire = new("{0} token(s) never expire: {1}");
    public static readonly TextFormat Lingering = new("{0} expired token(s) are still there long after expiring: {1}");
    public static readonly TextFormat BeingDeleted = new("expired token(s) {0} are being deleted (tokencleaner ran; a finalizer keeps them)");
    public static readonly TextFormat RunsTokenCleaner = new("static pod {0} runs tokencleaner");
    public static readonly TextFormat NoTokenCleaner = new("static pod {0} does not run tokencleaner");
    public static readonly TextFormat ExpireAsTheyShould = new("{0} token(s) expire as they should, none lingers past its expiry");

    public static readonly TextFormat NoAnonymousBinding = new("no RBAC binding lets system:anonymous get configmaps/cluster-info in kube-public");

    public static readonly TextFormat ProbeNoSecrets = new("the portal may not create Secrets in kube-system, so it cannot make a probe token");
    public static readonly TextFormat ProbeCreateFailed = new("creating a probe token failed: {0}");
    public static readonly TextFormat ProbeNoFreeId = new("no free token id for the probe");
    public static readonly TextFormat ProbeNoTokenReviews = new("the portal may not create tokenreviews (authentication.k8s.io)");
    public static readonly TextFormat ProbeTokenReviewsNotServed = new("the API server does not serve tokenreviews");
    public static readonly TextFormat ProbeTokenReviewFailed = new("the TokenReview failed: {0}");
    public static readonly TextFormat ProbeAuthenticatedAfter = new("a TokenReview authenticated the probe token {0} after {1} attempt(s) ({2} s)");
    public static readonly TextFormat ProbeNotAuthenticated = new("{0} TokenReview(s) over {1} s did not authenticate the probe token {2}");
    public static readonly TextFormat ProbeNotAuthenticatedSaid = new("{0} TokenReview(s) over {1} s did not authenticate the probe token {2} (the API server said: {3})");

    public static readonly TextFormat AnonymousAnswered = new("an unauthenticated GET of kube-public/cluster-info at {0} answered {1}");
    public static readonly TextFormat AnonymousNoAnswer = new("an unauthenticated GET of kube-public/cluster-info at {0} got no answer: {1}");

    public static readonly TextFormat Minutes = new("{0} min");
    public static readonly TextFormat Hours = new("{0} h");
    public static readonly TextFormat HoursLong = new("{0} hours");
    public static readonly TextFormat DaysLong = new("{0} days");
}
