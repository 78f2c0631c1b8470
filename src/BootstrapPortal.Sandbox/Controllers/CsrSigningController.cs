using System.Net;
using System.Text;
using BootstrapPortal.Core.Certificates;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Sandbox.Controllers;

/// <summary>
/// kube-controller-manager's <c>csrsigning</c> controllers for <c>kubernetes.io/kube-apiserver-client-kubelet</c>,
/// <c>kubernetes.io/kubelet-serving</c> and <c>kubernetes.io/kube-apiserver-client</c> (k/k pkg/controller/certificates/authority/policies.go): approved, not failed,
/// unsigned CSRs are checked against the signer's rules (a failure adds <c>Failed</c>/<c>SignerValidationFailure</c>) and
/// otherwise signed with the sandbox CA; the certificate is written through <c>/status</c>.
/// </summary>
public sealed class CsrSigningController : QueueController
{
    private readonly IKubernetes _client;
    private readonly ControllerInformer<V1CertificateSigningRequest> _csrs;
    private readonly CsrCertificateIssuer _issuer;
    private readonly SandboxOptions _options;

    public CsrSigningController(SandboxControllerContext context)
        : base("csrsigning", context?.LoggerFactory.CreateLogger<CsrSigningController>()!, context!.Clock.TimeProvider)
    {
        _client = Own(context.CreateClient(ControllerIdentity.CertificateController));
        _issuer = context.Issuer;
        _options = context.Options;
        _csrs = Informers.CertificateSigningRequestInformer(_client, Queue.Add, Logger, TimeProvider);
    }

    protected override IEnumerable<Func<CancellationToken, Task>> CreateRunners() => [_csrs.RunAsync];

    /// <summary>The signer's rules for a CSR of one of the handled signers; null = valid.</summary>
    public static string? Validate(string signerName, CertificateRequestFacts request, IList<string> usages) => signerName switch
    {
        KubernetesSignerNames.KubeApiServerClientKubelet => KubeletCsrRules.ValidateKubeletClient(request, usages),
        KubernetesSignerNames.KubeletServing => KubeletCsrRules.ValidateKubeletServing(request, usages),
        KubernetesSignerNames.KubeApiServerClient => KubeletCsrRules.ValidateKubeApiServerClient(usages),
        _ => "unsupported signer " + signerName,
    };

    protected override async Task<TimeSpan?> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var csr = _csrs.Get(key);
        if (csr?.Spec is null || csr.IsIssued() || !csr.HasCondition("Approved") || csr.HasCondition("Denied") || csr.HasCondition("Failed"))
        {
            return null;
        }

        var signerName = csr.Spec.SignerName;
        if (signerName is not (KubernetesSignerNames.KubeApiServerClientKubelet or KubernetesSignerNames.KubeletServing or KubernetesSignerNames.KubeApiServerClient))
        {
            return null;
        }

        if (!CertificateRequestFactsReader.TryRead(csr.Spec.Request ?? [], out var request, out var parseError))
        {
            Logger.LogWarning("csrsigning: skipping CSR {Name}: unable to parse csr: {Error}", key, parseError);
            return null;
        }

        var usages = csr.Spec.Usages ?? [];
        var updated = KubernetesObjects.Clone(csr);
        updated.Status ??= new V1CertificateSigningRequestStatus();
        var invalid = Validate(signerName, request!, usages);
        if (invalid is not null)
        {
            updated.Status.Conditions ??= [];
            updated.Status.Conditions.Add(new V1CertificateSigningRequestCondition
            {
                Type = "Failed",
                Status = "True",
                Reason = "SignerValidationFailure",
                Message = invalid,
                LastUpdateTime = TimeProvider.GetUtcNow().UtcDateTime,
            });
            Logger.LogInformation("csrsigning: CSR {Name} failed the rules of {Signer}: {Reason}", key, signerName, invalid);
        }
        else
        {
            var ttl = CsrCertificateIssuer.EffectiveTtl(_options.SigningDuration, csr.Spec.ExpirationSeconds);
            updated.Status.Certificate = Encoding.ASCII.GetBytes(_issuer.Issue(request!, usages, ttl));
            Logger.LogInformation("csrsigning: signed CSR {Name} for {Subject} with {Signer}", key, request!.CommonName, signerName);
        }

        try
        {
            await _client.CertificatesV1.ReplaceCertificateSigningRequestStatusAsync(updated, csr.Metadata.Name, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException ex) when (ex.IsStatus(HttpStatusCode.Conflict) || ex.IsStatus(HttpStatusCode.NotFound))
        {
            // The watch delivers the newer version (or the deletion).
        }

        return null;
    }
}
