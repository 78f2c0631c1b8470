using BootstrapPortal.Core.Certificates;

namespace BootstrapPortal.Core.Csrs;

/// <summary>The subject and usage checks both kubelet signers make (k/k pkg/apis/certificates/helpers.go).</summary>
internal static class NodeSubjectChecks
{
    public static void Add(CsrView view, IReadOnlyList<string> withKeyEncipherment, IReadOnlyList<string> withoutKeyEncipherment, List<CsrCheck> checks)
    {
        checks.Add(view.Organizations.Count == 1 && view.Organizations[0] == KubeletCsrRules.NodesGroup
            ? CsrCheck.Pass(CsrCheckIds.Organization, "The subject organization is exactly [system:nodes], as the kubelet signers demand.")
            : CsrCheck.Fail(CsrCheckIds.Organization,
                $"The subject organization is {CsrCheckText.List(view.Organizations)}; the kubelet signers demand exactly [system:nodes]."));

        checks.Add(view.NodeName is not null
            ? CsrCheck.Pass(CsrCheckIds.CommonName, $"The common name {view.CommonName} names node \"{view.NodeName}\".")
            : CsrCheck.Fail(CsrCheckIds.CommonName,
                $"The common name \"{view.CommonName}\" does not have the form system:node:<node name> the kubelet signers demand."));

        var set = new HashSet<string>(view.Usages, StringComparer.Ordinal);
        var exact = set.Count == view.Usages.Count && (set.SetEquals(withKeyEncipherment) || set.SetEquals(withoutKeyEncipherment));
        checks.Add(exact
            ? CsrCheck.Pass(CsrCheckIds.Usages, $"The usages {CsrCheckText.List(view.Usages)} are exactly what this signer allows.")
            : CsrCheck.Fail(CsrCheckIds.Usages,
                $"The usages {CsrCheckText.List(view.Usages)} are not exactly {CsrCheckText.List(withoutKeyEncipherment)} (plus key encipherment for RSA keys)."));
    }
}
