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

        var evidence = new List<string>();
        var enabled = ControlPlaneFlags.ControllerEnabled(inputs.Flags.ControllerManager, "csrapproving", onByDefault: true);
        if (enabled is not null)
        {
            evidence.Add(enabled == true
                ? $"static pod {inputs.Flags.ControllerManagerPod} runs csrapproving"
                : $"static pod {inputs.Flags.ControllerManagerPod} disables csrapproving (--controllers={inputs.Flags.ControllerManager!["controllers"]})");
        }

        if (autoApproved.Length > 0)
        {
            var (entry, condition) = autoApproved[0];
            evidence.Insert(0, $"{autoApproved.Length} kubelet client CSR(s) auto-approved recently; newest {entry.Name} at {(condition!.LastUpdateTime ?? entry.View.CreatedAt):u}: {condition.Message}");
        }

        foreach (var csr in overdue.Take(5))
        {
            evidence.Add($"CSR {csr.Name} from {csr.View.Username} has waited {CsrSigningCheck.Minutes(now - csr.View.CreatedAt!.Value)} though RBAC allows its " +
                $"{csr.Verdict.AutoApproval.ApprovedBy} review ({csr.Verdict.AutoApproval.RbacReason})");
        }

        if (forPeople.Length > 0)
        {
            evidence.Add($"{forPeople.Length} kubelet client CSR(s) wait for a person because RBAC does not allow their auto-approval (see the bootstrap checklist)");
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

        evidence.Insert(0, $"no kubelet client CSR was auto-approved within {CsrSigningCheck.Days(inputs.Options.RecentWindow)}, so nothing shows whether csrapproving runs");
        if (inputs.Flags.ControllerManager is null)
        {
            evidence.Add("kube-controller-manager's flags are not visible: " + inputs.Flags.Unavailable);
        }

        return new PreflightCheck(Id, Title, PreflightStatus.Unknown, evidence, PreflightText.ApprovingUnknownFix.Text);
    }
}
