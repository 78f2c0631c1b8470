using System.Globalization;
using System.Net;
using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Core.Rbac;
using k8s.Models;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// The verdict engine (rules of k/k pkg/apis/certificates/helpers.go, pkg/controller/certificates/approver/sarapprove.go and the kubelet's certificate manager). Pure: the result depends only on the view and the
/// context. Rules:
/// <list type="bullet">
/// <item>undecodable request or invalid self-signature → Fail;</item>
/// <item>kubelet signers: O exactly <c>system:nodes</c>, CN <c>system:node:&lt;name&gt;</c>, usages exactly one of the two sets
/// of k/k pkg/apis/certificates/helpers.go → else Fail; client: no SANs at all; serving: at least one DNS/IP SAN;</item>
/// <item>email or URI SANs → Fail (every signer);</item>
/// <item>kube-apiserver-client asking for <c>system:masters</c> → Fail; its usages as the signer demands;</item>
/// <item>a bootstrap identity asking for the name of a Node that exists → Fail (node takeover);</item>
/// <item>a node renewing: CN must equal the requester → else Fail;</item>
/// <item>kubelet-serving: requested by that node itself (CN == requester, group <c>system:nodes</c>) and every SAN among the
/// Node's <c>status.addresses</c> → else Fail; Node not registered → Warn;</item>
/// <item><c>expirationSeconds</c> above the configured maximum → Fail;</item>
/// <item>csrapproving's recognisers plus the SubjectAccessReview evaluated with the cached RBAC: recognised but denied → Warn;</item>
/// <item>signers the portal has no rules for → Warn.</item>
/// </list>
/// </summary>
public static class CsrVerdicts
{
    public const string BootstrapUserPrefix = "system:bootstrap:";
    public const string BootstrappersGroup = "system:bootstrappers";
    private const string MastersGroup = "system:masters";

    public static CsrVerdict Evaluate(CsrView view, CsrVerdictContext context)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(context);
        var findings = new List<CsrFinding>();
        var request = view.Request;
        if (request is null)
        {
            findings.Add(Fail("request-undecodable", $"The request cannot be decoded: {view.RequestError ?? "unknown error"}."));
            return new CsrVerdict(CsrVerdictResult.Fail, findings,
                new AutoApprovalPrediction(false, [], null, null, "kube-controller-manager cannot parse the request and will not approve it."));
        }

        if (!request.SignatureValid)
        {
            findings.Add(Fail("signature-invalid", $"The request's self-signature does not verify ({request.SignatureError ?? "invalid signature"})."));
        }

        var facts = ToFacts(request);
        var sans = request.SubjectAlternativeNames;
        switch (view.SignerName)
        {
            case KubernetesSignerNames.KubeApiServerClientKubelet:
                CheckNodeSubject(view, findings);
                CheckUsages(view, findings, ["client auth", "digital signature", "key encipherment"], ["client auth", "digital signature"]);
                if (sans.DnsNames.Count > 0 || sans.IpAddresses.Count > 0)
                {
                    findings.Add(Fail("client-has-sans", "A kubelet client certificate may not carry DNS or IP subjectAltNames (the signer rejects them)."));
                }

                CheckClientIdentity(view, context, findings);
                break;
            case KubernetesSignerNames.KubeletServing:
                CheckNodeSubject(view, findings);
                CheckUsages(view, findings, ["digital signature", "key encipherment", "server auth"], ["digital signature", "server auth"]);
                if (sans.DnsNames.Count == 0 && sans.IpAddresses.Count == 0)
                {
                    findings.Add(Fail("serving-no-sans", "A kubelet serving certificate needs at least one DNS or IP subjectAltName."));
                }

                CheckServingIdentity(view, context, findings);
                break;
            case KubernetesSignerNames.KubeApiServerClient:
                if (view.Organizations.Contains(MastersGroup, StringComparer.Ordinal))
                {
                    findings.Add(Fail("masters-group", "The subject asks for the system:masters group (full cluster-admin); kube-apiserver refuses it for this signer."));
                }

                if (KubeletCsrRules.ValidateKubeApiServerClient(view.Usages) is { } usageError)
                {
                    findings.Add(Fail("usages", $"Usages {List(view.Usages)} are not allowed for a client certificate: {usageError}."));
                }

                break;
            default:
                findings.Add(Warn("unknown-signer", $"The portal has no rules for signer \"{view.SignerName}\"; check the request against that signer's policy."));
                break;
        }

        if (sans.EmailAddresses.Count > 0)
        {
            findings.Add(Fail("email-sans", $"The request carries email subjectAltNames ({string.Join(", ", sans.EmailAddresses)}); Kubernetes certificates must not."));
        }

        if (sans.Uris.Count > 0)
        {
            findings.Add(Fail("uri-sans", $"The request carries URI subjectAltNames ({string.Join(", ", sans.Uris)}); Kubernetes certificates must not."));
        }

        if (view.ExpirationSeconds is { } seconds && TimeSpan.FromSeconds(seconds) > context.MaxRequestedLifetime)
        {
            findings.Add(Fail("lifetime-too-long",
                $"The requested lifetime {Duration(TimeSpan.FromSeconds(seconds))} exceeds the limit of {Duration(context.MaxRequestedLifetime)}."));
        }

        var autoApproval = PredictAutoApproval(view, facts, context.Rbac);
        if (autoApproval.RecognizedAs.Count > 0 && !autoApproval.WouldAutoApprove)
        {
            findings.Add(Warn("auto-approval-denied", autoApproval.Explanation));
        }
        else
        {
            findings.Add(Info(autoApproval.WouldAutoApprove ? "auto-approvable" : "not-auto-approved", autoApproval.Explanation));
        }

        var result = findings.Any(f => f.Severity == CsrFindingSeverity.Fail) ? CsrVerdictResult.Fail
            : findings.Any(f => f.Severity == CsrFindingSeverity.Warn) ? CsrVerdictResult.Warn
            : CsrVerdictResult.Pass;
        return new CsrVerdict(result, findings, autoApproval);
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
            var why = view.SignerName == KubernetesSignerNames.KubeletServing
                ? "kube-controller-manager never auto-approves kubelet serving certificates; a person or a policy approver must decide."
                : "kube-controller-manager does not recognise it as a kubelet client certificate request and will not auto-approve it.";
            return new AutoApprovalPrediction(false, [], null, null, why);
        }

        var names = recognizers.Select(r => r.Subresource).ToArray();
        foreach (var recognizer in recognizers)
        {
            var decision = Authorize(view, recognizer.Subresource, rbac);
            if (decision.Allowed)
            {
                return new AutoApprovalPrediction(true, names, recognizer.Subresource, decision.Reason,
                    $"kube-controller-manager would auto-approve it as {recognizer.Subresource} ({decision.Reason}).");
            }
        }

        return new AutoApprovalPrediction(false, names, null, null,
            $"Recognised as [{string.Join(' ', names)}] but the SubjectAccessReview would be denied: {view.Username} may not create " +
            $"certificatesigningrequests/{names[^1]}, so kube-controller-manager leaves it pending.");
    }

    /// <summary>The request's facts in the form the shared kubelet rules and recognisers take.</summary>
    public static CertificateRequestFacts ToFacts(DecodedCertificateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sans = request.SubjectAlternativeNames;
        return new CertificateRequestFacts(request.CommonName ?? string.Empty, request.Organizations, sans.DnsNames, sans.IpAddresses,
            sans.EmailAddresses, sans.Uris, request.SubjectDer.AsMemory(), request.SubjectPublicKeyInfoDer.AsMemory());
    }

    private static RbacDecision Authorize(CsrView view, string subresource, RbacPolicy rbac)
    {
        // kube-apiserver's privileged-group authorizer allows system:masters before RBAC is asked.
        if (view.Groups.Contains(MastersGroup, StringComparer.Ordinal))
        {
            return new RbacDecision(true, "allowed: member of system:masters");
        }

        return rbac.Authorize(RbacRequest.ForResource(view.Username, view.Groups, "create", KubeletCsrRecognizers.ApiGroup,
            KubeletCsrRecognizers.Resource, subresource));
    }

    private static void CheckNodeSubject(CsrView view, List<CsrFinding> findings)
    {
        if (view.Organizations.Count != 1 || view.Organizations[0] != KubeletCsrRules.NodesGroup)
        {
            findings.Add(Fail("organization",
                $"The subject organization is {List(view.Organizations)}; this signer demands exactly [system:nodes]."));
        }

        if (view.NodeName is null)
        {
            findings.Add(Fail("common-name",
                $"The subject common name \"{view.CommonName}\" does not have the form system:node:<node name> this signer demands."));
        }
    }

    private static void CheckUsages(CsrView view, List<CsrFinding> findings, string[] withKeyEncipherment, string[] withoutKeyEncipherment)
    {
        var set = new HashSet<string>(view.Usages, StringComparer.Ordinal);
        if (set.Count != view.Usages.Count || (!set.SetEquals(withKeyEncipherment) && !set.SetEquals(withoutKeyEncipherment)))
        {
            findings.Add(Fail("usages",
                $"Usages {List(view.Usages)} are not exactly {List(withoutKeyEncipherment)} (plus key encipherment for RSA keys)."));
        }
    }

    private static void CheckClientIdentity(CsrView view, CsrVerdictContext context, List<CsrFinding> findings)
    {
        var requesterNode = CsrViews.NodeNameOf(view.Username);
        if (IsBootstrapIdentity(view))
        {
            if (view.NodeName is not null && context.FindNode(view.NodeName) is not null)
            {
                findings.Add(Fail("node-takeover",
                    $"A bootstrap identity ({view.Username}) asks for the name of node \"{view.NodeName}\", which already exists: approving lets the token holder act as that node (node takeover)."));
            }
        }
        else if (requesterNode is not null)
        {
            if (!string.Equals(view.Username, view.CommonName, StringComparison.Ordinal))
            {
                findings.Add(Fail("renewal-cn-mismatch",
                    $"Node {view.Username} asks for a certificate for \"{view.CommonName}\"; a renewal must name the requesting node itself."));
            }
        }
        else
        {
            findings.Add(Warn("unusual-requester",
                $"Requested by {view.Username}, which is neither a bootstrap token nor the node itself; kubelets do not request certificates this way."));
        }
    }

    private static void CheckServingIdentity(CsrView view, CsrVerdictContext context, List<CsrFinding> findings)
    {
        if (!string.Equals(view.Username, view.CommonName, StringComparison.Ordinal) || !view.Groups.Contains(KubeletCsrRules.NodesGroup, StringComparer.Ordinal))
        {
            findings.Add(Fail("serving-requester",
                $"A serving certificate for \"{view.CommonName}\" must be requested by that node itself (user {view.CommonName} in group system:nodes); it was requested by {view.Username}."));
        }

        if (view.NodeName is null)
        {
            return;
        }

        var node = context.FindNode(view.NodeName);
        if (node is null)
        {
            findings.Add(Warn("node-unknown",
                $"Node \"{view.NodeName}\" is not registered, so the requested names cannot be checked against its addresses."));
            return;
        }

        var addresses = node.Status?.Addresses ?? [];
        var ips = new List<IPAddress>();
        var dns = new List<string>();
        foreach (var address in addresses.Where(a => !string.IsNullOrEmpty(a?.Address)))
        {
            switch (address.Type)
            {
                case "InternalIP" or "ExternalIP" when IPAddress.TryParse(address.Address, out var ip):
                    ips.Add(ip);
                    break;
                case "Hostname" when IPAddress.TryParse(address.Address, out var hostIp):
                    ips.Add(hostIp);
                    break;
                case "Hostname" or "InternalDNS" or "ExternalDNS":
                    dns.Add(address.Address);
                    break;
                default:
                    break;
            }
        }

        var known = string.Join(", ", addresses.Where(a => a is not null).Select(a => $"{a.Type} {a.Address}"));
        foreach (var ip in view.SubjectAlternativeNames.IpAddresses)
        {
            if (!IPAddress.TryParse(ip, out var parsed) || !ips.Contains(parsed))
            {
                findings.Add(Fail("san-outside-node",
                    $"IP subjectAltName {ip} is not an address of node \"{view.NodeName}\" ({(known.Length == 0 ? "no addresses" : known)})."));
            }
        }

        foreach (var name in view.SubjectAlternativeNames.DnsNames)
        {
            if (!dns.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                findings.Add(Fail("san-outside-node",
                    $"DNS subjectAltName {name} is not a name of node \"{view.NodeName}\" ({(known.Length == 0 ? "no addresses" : known)})."));
            }
        }
    }

    private static bool IsBootstrapIdentity(CsrView view) =>
        view.Username.StartsWith(BootstrapUserPrefix, StringComparison.Ordinal) || view.Groups.Contains(BootstrappersGroup, StringComparer.Ordinal);

    private static string List(IEnumerable<string> values) => "[" + string.Join(", ", values) + "]";

    private static string Duration(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays == Math.Floor(span.TotalDays)
            ? span.TotalDays.ToString(CultureInfo.InvariantCulture) + " days"
            : span.TotalHours >= 1 ? span.TotalHours.ToString("0.##", CultureInfo.InvariantCulture) + " hours"
            : span.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture) + " minutes";

    private static CsrFinding Fail(string code, string message) => new(CsrFindingSeverity.Fail, code, message);

    private static CsrFinding Warn(string code, string message) => new(CsrFindingSeverity.Warn, code, message);

    private static CsrFinding Info(string code, string message) => new(CsrFindingSeverity.Info, code, message);
}
