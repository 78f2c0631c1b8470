using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Core.Text;

namespace BootstrapPortal.Core.Csrs;

/// <summary>The subject and usage checks both kubelet signers make (k/k pkg/apis/certificates/helpers.go).</summary>
internal static class NodeSubjectChecks
{
    public static void Add(CsrView view, IReadOnlyList<string> withKeyEncipherment, IReadOnlyList<string> withoutKeyEncipherment, List<CsrCheck> checks)
    {
        checks.Add(view.Organizations.Count == 1 && view.Organizations[0] == KubeletCsrRules.NodesGroup
            ? CsrCheck.Pass(CsrCheckIds.Organization, VerdictText.OrganizationNodes.Text)
            : CsrCheck.Fail(CsrCheckIds.Organization, VerdictText.OrganizationNotNodes.With(CsrCheckText.List(view.Organizations))));

        checks.Add(view.NodeName is not null
            ? CsrCheck.Pass(CsrCheckIds.CommonName, VerdictText.CommonNameNamesNode.With(view.CommonName ?? string.Empty, view.NodeName))
            : CsrCheck.Fail(CsrCheckIds.CommonName, VerdictText.CommonNameNotNodeForm.With(view.CommonName ?? string.Empty)));

        var set = new HashSet<string>(view.Usages, StringComparer.Ordinal);
        var exact = set.Count == view.Usages.Count && (set.SetEquals(withKeyEncipherment) || set.SetEquals(withoutKeyEncipherment));
        checks.Add(exact
            ? CsrCheck.Pass(CsrCheckIds.Usages, VerdictText.UsagesExact.With(CsrCheckText.List(view.Usages)))
            : CsrCheck.Fail(CsrCheckIds.Usages, VerdictText.UsagesNotExact.With(CsrCheckText.List(view.Usages), CsrCheckText.List(withoutKeyEncipherment))));
    }
}
