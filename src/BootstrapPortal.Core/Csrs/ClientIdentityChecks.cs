using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Core.Text;

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
            checks.Add(CsrCheck.Info(CsrCheckIds.Signer, VerdictText.ClientSigner.Text));
        }

        checks.Add(RequesterCheck(view));
        checks.Add(CommonNameCheck(view, context, knownSigner));
        checks.Add(OrganizationCheck(view, context));
        if (knownSigner)
        {
            checks.Add(KubeletCsrRules.ValidateKubeApiServerClient(view.Usages) is { } usageError
                ? CsrCheck.Fail(CsrCheckIds.Usages, VerdictText.ClientUsagesRefused.With(CsrCheckText.List(view.Usages), usageError))
                : CsrCheck.Pass(CsrCheckIds.Usages, VerdictText.ClientUsagesAllowed.With(CsrCheckText.List(view.Usages))));
            var sans = view.SubjectAlternativeNames;
            if (sans.DnsNames.Count + sans.IpAddresses.Count + sans.EmailAddresses.Count + sans.Uris.Count > 0)
            {
                checks.Add(CsrCheck.Info(CsrCheckIds.SubjectAltNames, VerdictText.ClientSansIgnored.With(CsrCheckText.Sans(sans))));
            }
        }
    }

    private static CsrCheck RequesterCheck(CsrView view)
    {
        if (RequesterIdentity.IsBootstrap(view.Username, view.Groups))
        {
            return CsrCheck.Fail(CsrCheckIds.Requester, VerdictText.BootstrapAsksOtherSigner.With(view.Username, view.SignerName));
        }

        if (RequesterIdentity.IsNode(view.Username, view.Groups))
        {
            return CsrCheck.Fail(CsrCheckIds.Requester, VerdictText.NodeAsksOtherSigner.With(view.Username, view.SignerName));
        }

        return CsrCheck.Pass(CsrCheckIds.Requester, VerdictText.RequesterNeither.With(view.Username));
    }

    private static CsrCheck CommonNameCheck(CsrView view, CsrVerdictContext context, bool knownSigner)
    {
        var cn = view.CommonName ?? string.Empty;
        if (cn.Length == 0)
        {
            return knownSigner
                ? CsrCheck.Warn(CsrCheckIds.CommonName, VerdictText.NoCommonNameUnauthenticated.Text)
                : CsrCheck.Pass(CsrCheckIds.CommonName, VerdictText.NoCommonName.Text);
        }

        var own = string.Equals(cn, view.Username, StringComparison.Ordinal);
        if (cn.StartsWith(SystemPrefix, StringComparison.Ordinal))
        {
            return own
                ? CsrCheck.Pass(CsrCheckIds.CommonName, VerdictText.CommonNameOwnIdentity.With(cn))
                : CsrCheck.Fail(CsrCheckIds.CommonName, VerdictText.CommonNameReserved.With(RequesterIdentity.DescribeReservedUser(cn), cn, view.Username));
        }

        var bindings = context.Subjects.BindingsOfUser(cn);
        if (bindings.Count > 0 && !own)
        {
            return CsrCheck.Warn(CsrCheckIds.CommonName, VerdictText.CommonNameBoundUser.With(cn, CommonText.Few(bindings)));
        }

        return CsrCheck.Pass(CsrCheckIds.CommonName, (own ? VerdictText.CommonNameOwnName : VerdictText.CommonNameUnbound).With(cn));
    }

    private static CsrCheck OrganizationCheck(CsrView view, CsrVerdictContext context)
    {
        if (view.Organizations.Count == 0)
        {
            return CsrCheck.Pass(CsrCheckIds.Organization, VerdictText.NoOrganization.Text);
        }

        var reserved = view.Organizations.Where(o => o.StartsWith(SystemPrefix, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToArray();
        if (reserved.Length > 0)
        {
            return CsrCheck.Fail(CsrCheckIds.Organization,
                VerdictText.ReservedGroup.With(TextList.Of(", ", reserved.Select(RequesterIdentity.DescribeReservedGroup))));
        }

        var foreign = view.Organizations.Distinct(StringComparer.Ordinal)
            .Where(o => context.Subjects.BindingsOfGroup(o).Count > 0 && !view.Groups.Contains(o, StringComparer.Ordinal))
            .ToArray();
        if (foreign.Length > 0)
        {
            return CsrCheck.Warn(CsrCheckIds.Organization,
                VerdictText.ForeignGroup.With(string.Join(", ", foreign), CommonText.Few(foreign.SelectMany(context.Subjects.BindingsOfGroup)), view.Username));
        }

        return CsrCheck.Pass(CsrCheckIds.Organization, VerdictText.OrganizationsFine.With(CsrCheckText.List(view.Organizations)));
    }
}
