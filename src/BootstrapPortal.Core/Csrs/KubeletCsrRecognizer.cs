namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// One recogniser of kube-controller-manager's <c>csrapproving</c> (k/k pkg/controller/certificates/approver/sarapprove.go): the CSR matched it, and the
/// SubjectAccessReview to send is <c>create certificates.k8s.io/certificatesigningrequests/&lt;Subresource&gt;</c>.
/// </summary>
/// <param name="Subresource"><c>selfnodeclient</c> or <c>nodeclient</c>.</param>
/// <param name="ApprovalMessage">The Approved condition's message kube-controller-manager writes when the review allows it.</param>
public sealed record KubeletCsrRecognizer(string Subresource, string ApprovalMessage);
