using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Core.Text;
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
            questions.Add(new WhoCanQuestion("approve:" + signer, RbacText.ApproveFor.With(signer),
                (signer == KubernetesSignerNames.KubeApiServerClientKubelet
                    ? RbacText.ApproveNodeClient
                    : signer == KubernetesSignerNames.KubeApiServerClient
                        ? RbacText.ApproveApiServerClient
                        : RbacText.ApproveOther).Text,
                [Csr("update", "approval", "patch"), Signer("approve", signer)]));
        }

        foreach (var signer in signers)
        {
            questions.Add(new WhoCanQuestion("sign:" + signer, RbacText.SignFor.With(signer), RbacText.SignWhy.Text,
                [Csr("update", "status", "patch"), Signer("sign", signer)]));
        }

        questions.Add(new WhoCanQuestion("create-csrs", RbacText.CreateCsrs.Text, RbacText.CreateCsrsWhy.Text,
            [[Request("create", BootstrapRequirements.CertificatesGroup, BootstrapRequirements.CsrResource)]]));
        questions.Add(new WhoCanQuestion("mint-tokens", RbacText.MintTokens.Text, RbacText.MintTokensWhy.Text,
            [Secrets("create", "update", "patch")]));
        questions.Add(new WhoCanQuestion("read-tokens", RbacText.ReadTokens.Text, RbacText.ReadTokensWhy.Text,
            [Secrets("get", "list", "watch")]));
        questions.Add(new WhoCanQuestion("delete-tokens", RbacText.DeleteTokens.Text, RbacText.DeleteTokensWhy.Text,
            [Secrets("delete", "deletecollection")]));
        foreach (var resource in new[] { "users", "groups", "serviceaccounts" })
        {
            questions.Add(new WhoCanQuestion("impersonate-" + resource, RbacText.Impersonate.With(resource), RbacText.ImpersonateWhy.Text,
                [[Request("impersonate", "", resource)]]));
        }

        questions.Add(new WhoCanQuestion("escalate-roles", RbacText.EscalateRoles.Text, RbacText.EscalateWhy.Text,
            [[Request("escalate", "rbac.authorization.k8s.io", "clusterroles"), Request("escalate", "rbac.authorization.k8s.io", "roles")]]));
        questions.Add(new WhoCanQuestion("bind-roles", RbacText.BindRoles.Text, RbacText.BindWhy.Text,
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
