using BootstrapPortal.Core.Certificates;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// Checks of CSRs for <c>kubernetes.io/kube-apiserver-client</c> and every signer the portal has no rules for. kube-apiserver's
/// x509 authenticator makes the subject CN the user and each O a group (k8s.io/apiserver pkg/authentication/request/x509), so
/// an approved request hands out exactly the identity its subject claims:
/// <list type="bullet">
/// <item>a bootstrap or node identity asking a non-kubelet signer → Fail (kubelets never do; it would mint itself credentials);</item>
/// <item>a CN in the reserved <c>system:</c> namespace (a node, a service account, a control-plane component, <c>system:admin</c>…)
/// other than the requester's own name → Fail;</item>
/// <item>an O in the reserved <c>system:</c> namespace (<c>system:masters</c>, <c>system:nodes</c>, <c>system:bootstrappers*</c>,
/// <c>system:serviceaccounts*</c>, <c>system:authenticated</c>…) → Fail;</item>
/// <item>a CN that RBAC bindings name as a User, or an O they name as a Group the requester is not in → Warn.</item>
/// </list>
/// </summary>
internal static class ClientIdentityChecks
{
    private const string SystemPrefix = "system:";

    public static void Add(CsrView view, CsrVerdictContext context, bool knownSigner, List<CsrCheck> checks)
    {
        if (knownSigner)
        {
            checks.Add(CsrCheck.Info(CsrCheckIds.Signer,
                "kube-apiserver accepts certificates of this signer as client credentials: the common name becomes the user and each organization a group."));
        }

        checks.Add(RequesterCheck(view));
        checks.Add(CommonNameCheck(view, context, knownSigner));
        checks.Add(OrganizationCheck(view, context));
        if (knownSigner)
        {
            checks.Add(KubeletCsrRules.ValidateKubeApiServerClient(view.Usages) is { } usageError
                ? CsrCheck.Fail(CsrCheckIds.Usages, $"The usages {CsrCheckText.List(view.Usages)} are not allowed for a client certificate: {usageError}.")
                : CsrCheck.Pass(CsrCheckIds.Usages, $"The usages {CsrCheckText.List(view.Usages)} are allowed for a client certificate."));
            var sans = view.SubjectAlternativeNames;
            if (sans.DnsNames.Count + sans.IpAddresses.Count + sans.EmailAddresses.Count + sans.Uris.Count > 0)
            {
                checks.Add(CsrCheck.Info(CsrCheckIds.SubjectAltNames,
                    $"kube-apiserver ignores subjectAltNames when it authenticates a client certificate ({CsrCheckText.Sans(sans)})."));
            }
        }
    }

    private static CsrCheck RequesterCheck(CsrView view)
    {
        if (RequesterIdentity.IsBootstrap(view.Username, view.Groups))
        {
            return CsrCheck.Fail(CsrCheckIds.Requester,
                $"A bootstrap identity ({view.Username}) asks signer {view.SignerName} for a certificate: bootstrap tokens may only ask the kubelet signers, and a token holder must not mint itself other credentials.");
        }

        if (RequesterIdentity.IsNode(view.Username, view.Groups))
        {
            return CsrCheck.Fail(CsrCheckIds.Requester,
                $"A node identity ({view.Username}) asks signer {view.SignerName} for a certificate: kubelets only use the kubelet signers, and a node must not mint itself other credentials.");
        }

        return CsrCheck.Pass(CsrCheckIds.Requester, $"Requested by {view.Username}, neither a bootstrap token nor a node.");
    }

    private static CsrCheck CommonNameCheck(CsrView view, CsrVerdictContext context, bool knownSigner)
    {
        var cn = view.CommonName ?? string.Empty;
        if (cn.Length == 0)
        {
            return knownSigner
                ? CsrCheck.Warn(CsrCheckIds.CommonName, "The subject has no common name, so kube-apiserver will not authenticate the certificate.")
                : CsrCheck.Pass(CsrCheckIds.CommonName, "The subject has no common name, so it claims no user.");
        }

        var own = string.Equals(cn, view.Username, StringComparison.Ordinal);
        if (cn.StartsWith(SystemPrefix, StringComparison.Ordinal))
        {
            return own
                ? CsrCheck.Pass(CsrCheckIds.CommonName, $"The common name {cn} is the requester's own identity.")
                : CsrCheck.Fail(CsrCheckIds.CommonName,
                    $"The common name claims {RequesterIdentity.DescribeReservedUser(cn)} ({cn}), which {view.Username} cannot be given: approving lets the certificate act as it.");
        }

        var bindings = context.Subjects.BindingsOfUser(cn);
        if (bindings.Count > 0 && !own)
        {
            return CsrCheck.Warn(CsrCheckIds.CommonName,
                $"The common name {cn} is a user RBAC grants roles to ({Few(bindings)}): approving lets the holder act as {cn}, so confirm the request comes from them.");
        }

        return CsrCheck.Pass(CsrCheckIds.CommonName, own
            ? $"The common name {cn} is the requester's own name."
            : $"The common name {cn} is not a Kubernetes system identity, and no RBAC binding names that user.");
    }

    private static CsrCheck OrganizationCheck(CsrView view, CsrVerdictContext context)
    {
        if (view.Organizations.Count == 0)
        {
            return CsrCheck.Pass(CsrCheckIds.Organization, "The subject has no organization, so it claims no group.");
        }

        var reserved = view.Organizations.Where(o => o.StartsWith(SystemPrefix, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToArray();
        if (reserved.Length > 0)
        {
            return CsrCheck.Fail(CsrCheckIds.Organization,
                $"The subject claims the reserved group {string.Join(", ", reserved.Select(RequesterIdentity.DescribeReservedGroup))}: approving puts the certificate in it.");
        }

        var foreign = view.Organizations.Distinct(StringComparer.Ordinal)
            .Where(o => context.Subjects.BindingsOfGroup(o).Count > 0 && !view.Groups.Contains(o, StringComparer.Ordinal))
            .ToArray();
        if (foreign.Length > 0)
        {
            return CsrCheck.Warn(CsrCheckIds.Organization,
                $"The subject claims group {string.Join(", ", foreign)}, which RBAC grants roles to ({Few(foreign.SelectMany(context.Subjects.BindingsOfGroup))}) and which {view.Username} is not in: approving adds the holder to it.");
        }

        return CsrCheck.Pass(CsrCheckIds.Organization,
            $"The organizations {CsrCheckText.List(view.Organizations)} are not reserved groups, and none is a group RBAC grants roles to that the requester is not in.");
    }

    private static string Few(IEnumerable<string> items)
    {
        var list = items.Distinct(StringComparer.Ordinal).ToArray();
        return list.Length <= 3 ? string.Join(", ", list) : string.Join(", ", list.Take(3)) + $" and {list.Length - 3} more";
    }
}
