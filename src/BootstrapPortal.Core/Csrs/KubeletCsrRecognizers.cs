using BootstrapPortal.Core.Certificates;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// The recognisers of kube-controller-manager's <c>csrapproving</c> controller (<c>k/k pkg/controller/certificates/approver/sarapprove.go</c>), tried in
/// this order: <c>isSelfNodeClientCert</c> (requester == CN, a renewal) then <c>isNodeClientCert</c> (a bootstrap). Shared by
/// the sandbox's controller and the portal's verdict so both judge a CSR the same way.
/// </summary>
public static class KubeletCsrRecognizers
{
    public const string SelfNodeClientSubresource = "selfnodeclient";
    public const string NodeClientSubresource = "nodeclient";
    public const string SelfNodeClientMessage = "Auto approving self kubelet client certificate after SubjectAccessReview.";
    public const string NodeClientMessage = "Auto approving kubelet client certificate after SubjectAccessReview.";
    public const string ApiGroup = "certificates.k8s.io";
    public const string Resource = "certificatesigningrequests";

    /// <summary>The recognisers the CSR matches, in the order csrapproving tries them (empty when none).</summary>
    public static IReadOnlyList<KubeletCsrRecognizer> Match(string? signerName, string? userName, CertificateRequestFacts request,
        IEnumerable<string>? usages)
    {
        ArgumentNullException.ThrowIfNull(request);
        var list = (usages ?? []).ToArray();
        var matches = new List<KubeletCsrRecognizer>(2);
        if (KubeletCsrRules.IsSelfNodeClientCert(signerName, userName, request, list))
        {
            matches.Add(new KubeletCsrRecognizer(SelfNodeClientSubresource, SelfNodeClientMessage));
        }

        if (KubeletCsrRules.IsNodeClientCert(signerName, request, list))
        {
            matches.Add(new KubeletCsrRecognizer(NodeClientSubresource, NodeClientMessage));
        }

        return matches;
    }
}
