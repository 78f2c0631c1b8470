using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Text;

namespace BootstrapPortal.Core.Preflight;

/// <summary>
/// kube-controller-manager's csrapproving auto-approves kubelet client CSRs that RBAC allows
/// (k/k pkg/controller/certificates/approver/sarapprove.go): recent <c>AutoApproved</c> conditions show it works; a CSR the
/// cached RBAC says it would approve, pending for long, shows it does not.
/// </summary>
public static class CsrApprovingCheck
{
    public const string Id = "csr-approving";
    private static readonly PortalText Title = PreflightText.ApprovingTitle.Text;
    private static readonly PortalText Fix = PreflightText.ApprovingFix.Text;

    public static PreflightCheck Evaluate(PreflightInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var now = inputs.Now;
        var kubelet = inputs.Csrs.Where(e => e.View.SignerName == KubernetesSignerNames.KubeApiServerClientKubelet).ToArray();
        var autoApproved = kubelet
            .Select(e => (Entry: e, Condition: e.View.Conditions.FirstOrDefault(c => c.Type == "Approved" && c.Reason == "AutoApproved")))
            .Where(x => x.Condition is not null && (x.Condition.LastUpdateTime ?? x.Entry.View.CreatedAt) is { } at && now - at < inputs.Options.RecentWindow)
            .OrderByDescending(x => x.Condition!.LastUpdateTime ?? x.Entry.View.CreatedAt).ToArray();
        var pending = kubelet.Where(e => e.View.State == CsrState.Pending && e.View.CreatedAt is { } created && now - created > inputs.Options.StuckAfter).ToArray();
        var overdue = pending.Where(e => e.Verdict.AutoApproval.WouldAutoApprove).ToArray();
        var forPeople = pending.Where(e => !e.Verdict.AutoApproval.WouldAutoApprove).ToArray();

        var evidence = new List<PortalText>();
        var enabled = ControlPlaneFlags.ControllerEnabled(inputs.Flags.ControllerManager, "csrapproving", onByDefault: true);
        if (enabled is not null)
        {
            evidence.Add(enabled == true
                ? EvidenceText.RunsCsrApproving.With(inputs.Flags.ControllerManagerPod ?? string.Empty)
                : EvidenceText.DisablesCsrApproving.With(inputs.Flags.ControllerManagerPod ?? string.Empty, inputs.Flags.ControllerManager!["controllers"]));
        }

        if (autoApproved.Length > 0)
        {
            var (entry, condition) = autoApproved[0];
            evidence.Insert(0, EvidenceText.AutoApprovedRecently.With(autoApproved.Length, entry.Name, CsrSigningCheck.Universal(condition!.LastUpdateTime ?? entry.View.CreatedAt), condition.Message ?? string.Empty));
        }

        foreach (var csr in overdue.Take(5))
        {
            evidence.Add(EvidenceText.OverdueApproval.With(csr.Name, csr.View.Username ?? string.Empty, CsrSigningCheck.Minutes(now - csr.View.CreatedAt!.Value),
                csr.Verdict.AutoApproval.ApprovedBy ?? string.Empty, csr.Verdict.AutoApproval.RbacReason ?? string.Empty));
        }

        if (forPeople.Length > 0)
        {
            evidence.Add(EvidenceText.WaitForPerson.With(forPeople.Length));
        }

        if (overdue.Length > 0 || enabled == false)
        {
            return new PreflightCheck(Id, Title, PreflightStatus.Fail, evidence, Fix);
        }

        if (autoApproved.Length > 0 || enabled == true)
        {
            return forPeople.Length > 0
                ? new PreflightCheck(Id, Title, PreflightStatus.Warn, evidence,
                    PreflightText.ApprovingPartlyFix.Text)
                : new PreflightCheck(Id, Title, PreflightStatus.Pass, evidence, null);
        }

        evidence.Insert(0, EvidenceText.NoAutoApproval.With(CsrSigningCheck.Days(inputs.Options.RecentWindow)));
        if (inputs.Flags.ControllerManager is null)
        {
            evidence.Add(EvidenceText.ControllerManagerFlagsHidden.With(inputs.Flags.Unavailable ?? string.Empty));
        }

        return new PreflightCheck(Id, Title, PreflightStatus.Unknown, evidence, PreflightText.ApprovingUnknownFix.Text);
    }
}
