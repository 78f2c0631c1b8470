using System.Net;
using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Core.Csrs;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Sandbox.Controllers;

/// <summary>
/// kube-controller-manager's <c>csrapproving</c> (k/k pkg/controller/certificates/approver/sarapprove.go): recognises kubelet client CSRs (self renewal first, then
/// bootstrap), asks the API server with a SubjectAccessReview whether the requester may <c>create</c>
/// <c>certificatesigningrequests/selfnodeclient</c> resp. <c>/nodeclient</c>, and approves through <c>/approval</c>. It never
/// denies; unrecognised CSRs (all kubelet-serving ones) are left alone; recognised but not allowed ones are retried.
/// </summary>
public sealed class CsrApprovingController : QueueController
{
    public const string SelfNodeClientMessage = KubeletCsrRecognizers.SelfNodeClientMessage;
    public const string NodeClientMessage = KubeletCsrRecognizers.NodeClientMessage;

    private readonly IKubernetes _client;
    private readonly ControllerInformer<V1CertificateSigningRequest> _csrs;

    public CsrApprovingController(SandboxControllerContext context)
        : base("csrapproving", context?.LoggerFactory.CreateLogger<CsrApprovingController>()!, context!.Clock.TimeProvider)
    {
        _client = Own(context.CreateClient(ControllerIdentity.CertificateController));
        _csrs = Informers.CertificateSigningRequestInformer(_client, Queue.Add, Logger, TimeProvider);
    }

    protected override IEnumerable<Func<CancellationToken, Task>> CreateRunners() => [_csrs.RunAsync];

    protected override async Task<TimeSpan?> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var csr = _csrs.Get(key);
        if (csr is null || csr.IsIssued() || csr.HasCondition("Approved") || csr.HasCondition("Denied"))
        {
            ForgetBackoff(key);
            return null;
        }

        if (!CertificateRequestFactsReader.TryRead(csr.Spec?.Request ?? [], out var request, out var parseError))
        {
            Logger.LogWarning("csrapproving: skipping CSR {Name}: unable to parse csr: {Error}", key, parseError);
            return null;
        }

        var usages = csr.Spec!.Usages ?? [];
        var recognised = new List<string>();
        foreach (var (subresource, message) in KubeletCsrRecognizers.Match(csr.Spec.SignerName, csr.Spec.Username, request!, usages))
        {
            recognised.Add(subresource);
            if (!await AuthorizeAsync(csr, subresource, cancellationToken))
            {
                continue;
            }

            var approved = KubernetesObjects.Clone(csr);
            approved.Status ??= new V1CertificateSigningRequestStatus();
            approved.Status.Conditions ??= [];
            approved.Status.Conditions.Add(new V1CertificateSigningRequestCondition
            {
                Type = "Approved",
                Status = "True",
                Reason = "AutoApproved",
                Message = message,
            });
            try
            {
                await _client.CertificatesV1.ReplaceCertificateSigningRequestApprovalAsync(approved, csr.Metadata.Name, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException ex) when (ex.IsStatus(HttpStatusCode.Conflict) || ex.IsStatus(HttpStatusCode.NotFound))
            {
                // A newer version (or the deletion) arrives through the watch and is reconciled then.
                return null;
            }

            Logger.LogInformation("csrapproving: approved CSR {Name} of {User} ({Subresource})", key, csr.Spec.Username, subresource);
            ForgetBackoff(key);
            return null;
        }

        if (recognised.Count == 0)
        {
            ForgetBackoff(key);
            return null;
        }

        var delay = NextBackoff(key);
        Logger.LogDebug(
            "csrapproving: recognized csr {Name} as [{Subresources}] but subject access review was not approved; retrying in {Delay}",
            key,
            string.Join(' ', recognised),
            delay);
        return delay;
    }

    private async Task<bool> AuthorizeAsync(V1CertificateSigningRequest csr, string subresource, CancellationToken cancellationToken)
    {
        var review = new V1SubjectAccessReview
        {
            ApiVersion = "authorization.k8s.io/v1",
            Kind = "SubjectAccessReview",
            Spec = new V1SubjectAccessReviewSpec
            {
                User = csr.Spec.Username,
                Uid = csr.Spec.Uid,
                Groups = csr.Spec.Groups,
                Extra = csr.Spec.Extra,
                ResourceAttributes = new V1ResourceAttributes
                {
                    Group = KubeletCsrRecognizers.ApiGroup,
                    Resource = KubeletCsrRecognizers.Resource,
                    Subresource = subresource,
                    Verb = "create",
                    Version = "*",
                },
            },
        };
        var result = await _client.AuthorizationV1.CreateSubjectAccessReviewAsync(review, cancellationToken: cancellationToken);
        return result.Status?.Allowed == true;
    }
}
