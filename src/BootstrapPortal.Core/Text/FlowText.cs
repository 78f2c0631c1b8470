namespace BootstrapPortal.Core.Text;

/// <summary>The bootstrap flow's stage names and what blocks a node in it.</summary>
public static class FlowText
{
    public static readonly TextFormat StageToken = new("Token");
    public static readonly TextFormat StageCsrCreated = new("CSR created");
    public static readonly TextFormat StageApproved = new("Approved");
    public static readonly TextFormat StageCertificateIssued = new("Certificate issued");
    public static readonly TextFormat StageRegistered = new("Node registered");
    public static readonly TextFormat StageRenewed = new("Renewed");

    public static readonly TextFormat IssuedNotRegistered = new("Certificate issued {0} ago but no Node has registered: the kubelet has not written its kubeconfig, or cannot reach the API server with it.");
    public static readonly TextFormat ApprovedNotIssued = new("CSR approved {0} ago and no certificate issued: kube-controller-manager's csrsigning controller is not signing (is --cluster-signing-cert-file set?).");
    public static readonly TextFormat Denied = new("CSR denied{0}{1}; the kubelet keeps waiting until it is restarted with a new token.");
    public static readonly TextFormat SignerFailed = new("The signer failed the CSR{0}.");
    public static readonly TextFormat TokenExpired = new("Token {0} expired before a CSR was created: the API server rejects it; mint a new one.");
    public static readonly TextFormat TokenExpiredAgo = new("Token {0} expired {1} ago before a CSR was created: the API server rejects it; mint a new one.");
    public static readonly TextFormat TokenMalformed = new("Token {0} is malformed ({1}): the API server does not accept it.");
    public static readonly TextFormat TokenExpiresUnused = new("Token {0} expires in {1} and no CSR has used it yet.");
    public static readonly TextFormat Csr = new("CSR");
    public static readonly TextFormat RenewalCsr = new("Renewal CSR");
    public static readonly TextFormat ControllerNotApproving = new("{0} pending {1} although RBAC lets kube-controller-manager auto-approve it: its csrapproving controller is not running or not reaching the API server.");
    public static readonly TextFormat PendingVerdictFails = new("{0} pending {1}, not auto-approved, and its verdict fails: {2}");
    public static readonly TextFormat PendingForPerson = new("{0} pending {1}: RBAC does not let kube-controller-manager auto-approve it, so it waits for a person.");
    public static readonly TextFormat ClientExpiresNoRenewal = new("Client certificate expires in {0} and no renewal CSR seen (it is {1} through its lifetime).");
    public static readonly TextFormat ServingPending = new("Serving CSR pending {0}: kubelet-serving is never auto-approved by kube-controller-manager; a person or the serving policy must decide.");
}
