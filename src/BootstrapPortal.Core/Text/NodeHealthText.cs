namespace BootstrapPortal.Core.Text;

/// <summary>The sentences of a node's certificate rotation health.</summary>
public static class NodeHealthText
{
    public static readonly TextFormat ClientCertificate = new("client certificate");
    public static readonly TextFormat ServingCertificate = new("serving certificate");
    public static readonly TextFormat OneRequest = new("1 request");
    public static readonly TextFormat Requests = new("{0} requests");
    public static readonly TextFormat FirstServingPending = new("The first serving certificate request has waited {0} for approval ({1}, latest {2}); kubelet-serving requests need a person or an approver.");
    public static readonly TextFormat ClientRenewalPending = new("A client certificate renewal has been pending for {0} ({1} without a certificate, latest {2}).");
    public static readonly TextFormat ServingRenewalPending = new("A serving certificate renewal has been pending for {0} ({1} without a certificate, latest {2}).");
    public static readonly TextFormat NoClientNotReady = new("No client certificate on record, and the node is NotReady.");
    public static readonly TextFormat NoClientOnRecord = new("No client certificate on record: it was issued before the ledger started or outside the CSR API.");
    public static readonly TextFormat ClientNotChaining = new("The client certificate (serial {0}) does not chain to the cluster CA.");
    public static readonly TextFormat ServingNotChaining = new("The serving certificate (serial {0}) does not chain to the cluster CA.");
    public static readonly TextFormat ExpiredNotReady = new("The node is NotReady and its client certificate expired {0} ago: the kubelet can no longer reach the API server.");
    public static readonly TextFormat ExpiredButReady = new("The client certificate on record expired {0} ago, yet the node reports Ready: it uses a certificate the ledger has not seen.");
    public static readonly TextFormat ServingExpired = new("The serving certificate expired {0} ago: kubectl logs/exec and metrics scrapes of this node fail.");
    public static readonly TextFormat ClientOverdue = new("The client certificate is {0} through its lifetime with no renewal (kubelets renew by {1}); it expires in {2}.");
    public static readonly TextFormat ServingOverdue = new("The serving certificate is {0} through its lifetime with no renewal (kubelets renew by {1}); it expires in {2}.");
    public static readonly TextFormat ClientDue = new("The client certificate is {0} through its lifetime and not renewed yet; it expires in {1}.");
    public static readonly TextFormat ServingDue = new("The serving certificate is {0} through its lifetime and not renewed yet; it expires in {1}.");
}
