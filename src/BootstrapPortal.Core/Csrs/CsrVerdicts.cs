using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Core.Text;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// The verdict engine. Pure: the result depends only on the view and the context, so one evaluation per cache snapshot can
/// be shared by every reader. Every check it makes is listed, passed or not (<see cref="CsrCheckIds"/>):
/// <list type="bullet">
/// <item>every signer: the request decodes, its self-signature verifies, the requested lifetime is within the limit;</item>
/// <item>kubelet client signer (<see cref="KubeletClientChecks"/>): subject, usages and SANs as the signer demands
/// (k/k pkg/apis/certificates/helpers.go); a renewal names the requesting node; a request for a node's name by anyone else is
/// a takeover only if that Node existed before the request (a Node registered after it is the expected outcome), and is a
/// re-join (Warn) rather than a takeover (Fail) when that node's kubelet had stopped reporting;</item>
/// <item>kubelet serving signer (<see cref="KubeletServingChecks"/>): subject and usages, requested by the node itself, the
/// rules of the serving policy (node name, SAN counts and prefixes, SANs among the Node's addresses, registered nodes);</item>
/// <item>any other signer (<see cref="ClientIdentityChecks"/>): no bootstrap or node requester, no reserved identity in CN or O
/// the requester cannot be given, a warning for names RBAC bindings grant roles to;</item>
/// <item>what kube-controller-manager's csrapproving does with it (k/k pkg/controller/certificates/approver/sarapprove.go),
/// evaluated with the cached RBAC: recognised but denied → Warn while pending.</item>
/// </list>
/// A decided CSR is judged as it stood at its decision time (<see cref="CsrView.DecidedAt"/>).
/// </summary>
public static class CsrVerdicts
{
    public static CsrVerdict Evaluate(CsrView view, CsrVerdictContext context)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(context);
        var decided = view.Decision is not null;
        var asOf = decided ? view.DecidedAt ?? view.CreatedAt ?? context.Now : context.Now;
        var checks = new List<CsrCheck>();
        var request = view.Request;
        if (request is null)
        {
            checks.Add(CsrCheck.Fail(CsrCheckIds.RequestDecodes,
                VerdictText.RequestUndecodable.With(view.RequestError is { } error ? CommonText.Plain(error) : VerdictText.UnknownError.Text)));
            var none = new AutoApprovalPrediction(false, [], null, null, VerdictText.ControllerCannotParse.Text);
            return new CsrVerdict(CsrVerdictResult.Fail, checks, none, asOf, decided);
        }

        checks.Add(CsrCheck.Pass(CsrCheckIds.RequestDecodes, VerdictText.RequestDecodes.Text));
        checks.Add(request.SignatureValid
            ? CsrCheck.Pass(CsrCheckIds.Signature, VerdictText.SignatureVerifies.Text)
            : CsrCheck.Fail(CsrCheckIds.Signature,
                VerdictText.SignatureInvalid.With(request.SignatureError is { } signatureError ? CommonText.Plain(signatureError) : VerdictText.InvalidSignature.Text)));

        switch (view.SignerName)
        {
            case KubernetesSignerNames.KubeApiServerClientKubelet:
                KubeletClientChecks.Add(view, context, asOf, decided, checks);
                break;
            case KubernetesSignerNames.KubeletServing:
                KubeletServingChecks.Add(view, context, checks);
                break;
            case KubernetesSignerNames.KubeApiServerClient:
                ClientIdentityChecks.Add(view, context, knownSigner: true, checks);
                break;
            default:
                checks.Add(CsrCheck.Warn(CsrCheckIds.Signer, VerdictText.UnknownSigner.With(view.SignerName)));
                ClientIdentityChecks.Add(view, context, knownSigner: false, checks);
                break;
        }

        checks.Add(LifetimeCheck(view, context));

        var autoApproval = PredictAutoApproval(view, ToFacts(request), context.Rbac);
        checks.Add(AutoApprovalCheck(view, autoApproval));
        return new CsrVerdict(CsrVerdict.Combine(checks), checks, autoApproval, asOf, decided);
    }

    /// <summary>
    /// Whether the verdict of <paramref name="view"/> can change as time passes, or as its node's kubelet reports, while
    /// nothing else changes: a pending kubelet client request by anyone but the node itself for the name of a Node registered
    /// before the request, whose re-join check reads how long that node has been silent (its Ready condition and heartbeat,
    /// <see cref="CsrVerdictContext.RejoinNotReadyAfter"/>). A node renewing its own certificate is never judged by that
    /// check; every other verdict depends on the view and the context's objects only (a decided CSR is judged at its
    /// decision time). Mirrors the branches of the node-takeover check exactly: too narrow would leave a verdict stale.
    /// </summary>
    public static bool DependsOnClock(CsrView view, CsrVerdictContext context)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(context);
        if (view.Decision is not null || view.Request is null || view.SignerName != KubernetesSignerNames.KubeApiServerClientKubelet)
        {
            return false;
        }

        var renewal = !RequesterIdentity.IsBootstrap(view.Username, view.Groups)
            && view.Username.StartsWith(KubeletCsrRules.NodeUserPrefix, StringComparison.Ordinal);
        return !renewal && context.FindNodeFacts(view.NodeName) is { CreatedAt: { } registered } && view.CreatedAt is { } requested && registered < requested;
    }

    /// <summary>
    /// The name whose Node and client-certificate history (<see cref="CsrVerdictContext.History"/>) the verdict of
    /// <paramref name="view"/> reads; null when it reads neither. A verdict reads no other Node and no other CSR.
    /// </summary>
    public static string? NodeDependency(CsrView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.NodeName;
    }

    /// <summary>csrapproving's recognisers plus its SubjectAccessReview, evaluated with <paramref name="rbac"/> (k/k pkg/controller/certificates/approver/sarapprove.go).</summary>
    public static AutoApprovalPrediction PredictAutoApproval(CsrView view, CertificateRequestFacts facts, RbacPolicy rbac)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(rbac);
        var recognizers = KubeletCsrRecognizers.Match(view.SignerName, view.Username, facts, view.Usages);
        if (recognizers.Count == 0)
        {
            var why = view.SignerName switch
            {
                KubernetesSignerNames.KubeletServing => VerdictText.NeverAutoApprovesServing,
                KubernetesSignerNames.KubeApiServerClientKubelet => VerdictText.NotRecognisedAsKubeletClient,
                _ => VerdictText.NeverAutoApprovesSigner,
            };
            return new AutoApprovalPrediction(false, [], null, null, why.Text);
        }

        var names = recognizers.Select(r => r.Subresource).ToArray();
        foreach (var recognizer in recognizers)
        {
            var decision = Authorize(view, recognizer.Subresource, rbac);
            if (decision.Allowed)
            {
                return new AutoApprovalPrediction(true, names, recognizer.Subresource, decision.Reason,
                    VerdictText.WouldAutoApprove.With(recognizer.Subresource, decision.Reason));
            }
        }

        return new AutoApprovalPrediction(false, names, null, null,
            VerdictText.ReviewWouldBeDenied.With(string.Join(' ', names), view.Username, names[^1]));
    }

    /// <summary>The request's facts in the form the shared kubelet rules and recognisers take.</summary>
    public static CertificateRequestFacts ToFacts(DecodedCertificateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sans = request.SubjectAlternativeNames;
        return new CertificateRequestFacts(request.CommonName ?? string.Empty, request.Organizations, sans.DnsNames, sans.IpAddresses,
            sans.EmailAddresses, sans.Uris, request.SubjectDer.AsMemory(), request.SubjectPublicKeyInfoDer.AsMemory());
    }

    private static CsrCheck LifetimeCheck(CsrView view, CsrVerdictContext context)
    {
        var limit = context.MaxRequestedLifetime;
        var source = VerdictText.PortalLimit;
        if (view.SignerName == KubernetesSignerNames.KubeletServing && context.Serving.Policy.MaxExpirationSeconds is { } policySeconds
            && TimeSpan.FromSeconds(policySeconds) < limit)
        {
            limit = TimeSpan.FromSeconds(policySeconds);
            source = VerdictText.ServingPolicyLimit;
        }

        if (view.ExpirationSeconds is not { } seconds)
        {
            return CsrCheck.Pass(CsrCheckIds.Lifetime, VerdictText.NoLifetimeRequested.Text);
        }

        var requested = TimeSpan.FromSeconds(seconds);
        return requested > limit
            ? CsrCheck.Fail(CsrCheckIds.Lifetime, VerdictText.LifetimeExceeds.With(TextDuration.Exact(requested), source.Text, TextDuration.Exact(limit)))
            : CsrCheck.Pass(CsrCheckIds.Lifetime, VerdictText.LifetimeWithin.With(TextDuration.Exact(requested), source.Text, TextDuration.Exact(limit)));
    }

    private static CsrCheck AutoApprovalCheck(CsrView view, AutoApprovalPrediction prediction)
    {
        if (view.Decision is { } decision)
        {
            object when = view.DecidedAt is { } at ? VerdictText.DecidedAt.With(CsrCheckText.Instant(at)) : string.Empty;
            var message = string.IsNullOrWhiteSpace(decision.Message) ? string.Empty : $" (\"{decision.Message}\")";
            return CsrCheck.Info(CsrCheckIds.AutoApproval, decision.Reason == "AutoApproved"
                ? VerdictText.DecidedByController.With(decision.Type, when, message)
                : VerdictText.DecidedWithReason.With(decision.Type, decision.Reason is { } reason ? reason : CommonText.None.Text, when, message));
        }

        return prediction.RecognizedAs.Count > 0 && !prediction.WouldAutoApprove
            ? CsrCheck.Warn(CsrCheckIds.AutoApproval, prediction.Text)
            : CsrCheck.Info(CsrCheckIds.AutoApproval, prediction.Text);
    }

    private static RbacDecision Authorize(CsrView view, string subresource, RbacPolicy rbac)
    {
        // kube-apiserver's privileged-group authorizer allows system:masters before RBAC is asked.
        if (view.Groups.Contains(RequesterIdentity.MastersGroup, StringComparer.Ordinal))
        {
            return new RbacDecision(true, "allowed: member of system:masters");
        }

        return rbac.Authorize(RbacRequest.ForResource(view.Username, view.Groups, "create", KubeletCsrRecognizers.ApiGroup,
            KubeletCsrRecognizers.Resource, subresource));
    }
}
