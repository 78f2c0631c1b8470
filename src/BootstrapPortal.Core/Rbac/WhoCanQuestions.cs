using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Core.Tokens;

namespace BootstrapPortal.Core.Rbac;

/// <summary>
/// The who-can questions that matter for node identities: approving and signing per signer (the approval/status subresource
/// and <c>approve</c>/<c>sign</c> on the signer or its <c>&lt;domain&gt;/*</c>, as the CertificateApproval and CertificateSigning
/// admission plugins check, k/k plugin/pkg/admission/certificates), minting, reading and revoking bootstrap tokens (Secrets in
/// kube-system), creating CSRs, impersonation, and escalate/bind on roles.
/// </summary>
public static class WhoCanQuestions
{
    public static IReadOnlyList<string> WellKnownSigners { get; } =
    [
        KubernetesSignerNames.KubeApiServerClientKubelet, KubernetesSignerNames.KubeApiServerClient, KubernetesSignerNames.KubeletServing,
        KubernetesSignerNames.LegacyUnknown,
    ];

    /// <summary>The questions, with approve/sign asked for the well-known signers and <paramref name="moreSigners"/> (e.g. those CSRs use).</summary>
    public static IReadOnlyList<WhoCanQuestion> All(IEnumerable<string>? moreSigners = null)
    {
        var signers = WellKnownSigners.Concat((moreSigners ?? []).Where(s => !string.IsNullOrEmpty(s)).Order(StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal).ToArray();
        var questions = new List<WhoCanQuestion>();
        foreach (var signer in signers)
        {
            questions.Add(new WhoCanQuestion("approve:" + signer, $"Approve CSRs for {signer}",
                signer == KubernetesSignerNames.KubeApiServerClientKubelet
                    ? "An approved CSR for this signer becomes a node's client identity (system:node:<name>)."
                    : signer == KubernetesSignerNames.KubeApiServerClient
                        ? "An approved CSR for this signer becomes a client certificate for any user or group but system:masters."
                        : "An approved CSR for this signer is signed by kube-controller-manager.",
                [Csr("update", "approval", "patch"), Signer("approve", signer)]));
        }

        foreach (var signer in signers)
        {
            questions.Add(new WhoCanQuestion("sign:" + signer, $"Sign CSRs for {signer}",
                "A signer writes the certificate into the CSR's status: whatever it writes, kubelets and clients use.",
                [Csr("update", "status", "patch"), Signer("sign", signer)]));
        }

        questions.Add(new WhoCanQuestion("create-csrs", "Create CSRs", "Every node identity starts as a CSR; bootstrap tokens need this.",
            [[Request("create", BootstrapRequirements.CertificatesGroup, BootstrapRequirements.CsrResource)]]));
        questions.Add(new WhoCanQuestion("mint-tokens", "Create or change Secrets in kube-system (mint bootstrap tokens)",
            "A bootstrap token is a Secret in kube-system: whoever creates or edits one can join machines as nodes.",
            [Secrets("create", "update", "patch")]));
        questions.Add(new WhoCanQuestion("read-tokens", "Read Secrets in kube-system (read bootstrap tokens)",
            "Reading the Secrets of kube-system reveals every bootstrap token's secret.",
            [Secrets("get", "list", "watch")]));
        questions.Add(new WhoCanQuestion("delete-tokens", "Delete Secrets in kube-system (revoke bootstrap tokens)",
            "Deleting a token revokes it: nodes that have not joined yet cannot.",
            [Secrets("delete", "deletecollection")]));
        foreach (var resource in new[] { "users", "groups", "serviceaccounts" })
        {
            questions.Add(new WhoCanQuestion("impersonate-" + resource, $"Impersonate {resource}",
                "Impersonation acts as another identity, e.g. system:node:<name> or a group with approval rights.",
                [[Request("impersonate", "", resource)]]));
        }

        questions.Add(new WhoCanQuestion("escalate-roles", "Escalate roles (grant rules they do not hold)",
            "escalate lets a subject edit roles to include rights it does not have itself.",
            [[Request("escalate", "rbac.authorization.k8s.io", "clusterroles"), Request("escalate", "rbac.authorization.k8s.io", "roles")]]));
        questions.Add(new WhoCanQuestion("bind-roles", "Bind roles (hand out rules they do not hold)",
            "bind lets a subject bind any role, e.g. the CSR approver roles, to anyone.",
            [[Request("bind", "rbac.authorization.k8s.io", "clusterroles"), Request("bind", "rbac.authorization.k8s.io", "roles")]]));
        return questions;
    }

    /// <summary>The admission check's names for a signer: the signer itself and its <c>&lt;domain&gt;/*</c>.</summary>
    public static IReadOnlyList<string> SignerNames(string signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var slash = signer.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? [signer, signer[..slash] + "/*"] : [signer];
    }

    private static RbacRequest[] Csr(string verb, string subresource, string otherVerb) =>
        [Request(verb, BootstrapRequirements.CertificatesGroup, BootstrapRequirements.CsrResource, subresource),
         Request(otherVerb, BootstrapRequirements.CertificatesGroup, BootstrapRequirements.CsrResource, subresource)];

    private static RbacRequest[] Secrets(params string[] verbs) =>
        [.. verbs.Select(v => Request(v, "", "secrets", @namespace: BootstrapTokenFormat.SecretNamespace))];

    private static RbacRequest[] Signer(string verb, string signer) =>
        [.. SignerNames(signer).Select(name => Request(verb, BootstrapRequirements.CertificatesGroup, "signers", name: name))];

    private static RbacRequest Request(string verb, string group, string resource, string? subresource = null, string? name = null, string? @namespace = null) =>
        RbacRequest.ForResource(string.Empty, [], verb, group, resource, subresource, name, @namespace);
}
