using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Text;

namespace BootstrapPortal.Core.Preflight;

/// <summary>
/// kube-controller-manager signs approved kubelet client CSRs (k/k pkg/controller/certificates/signer/signer.go): recently
/// issued certificates show it works; CSRs approved long ago without a certificate show it does not; the static pod's
/// signing flags back this up when there is no recent CSR.
/// </summary>
public static class CsrSigningCheck
{
    public const string Id = "csr-signing";
    private static readonly PortalText Title = PreflightText.SigningTitle.Text;
    private static readonly PortalText Fix = PreflightText.SigningFix.Text;

    public static PreflightCheck Evaluate(PreflightInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var now = inputs.Now;
        var kubelet = inputs.Csrs.Where(e => e.View.SignerName == KubernetesSignerNames.KubeApiServerClientKubelet).ToArray();
        var evidence = new List<PortalText>();
        var stuck = kubelet.Where(e => e.View.State == CsrState.Approved && ApprovedAt(e) is { } at && now - at > inputs.Options.StuckAfter)
            .OrderBy(e => ApprovedAt(e)).ToArray();
        var failed = kubelet.Where(e => e.View.State == CsrState.Failed && ConditionTime(e, "Failed") is { } at && now - at < inputs.Options.RecentWindow).ToArray();
        var issued = kubelet.Where(e => e.View.Certificate is not null && e.View.Certificate.NotBefore > now - inputs.Options.RecentWindow - TimeSpan.FromMinutes(5))
            .OrderByDescending(e => e.View.Certificate!.NotBefore).ToArray();

        var flags = inputs.Flags.ControllerManager;
        bool? configured = null;
        if (flags is not null)
        {
            var single = flags.ContainsKey("cluster-signing-cert-file") && flags.ContainsKey("cluster-signing-key-file");
            var perSigner = flags.ContainsKey("cluster-signing-kubelet-client-cert-file") && flags.ContainsKey("cluster-signing-kubelet-client-key-file");
            var enabled = ControlPlaneFlags.ControllerEnabled(flags, "csrsigning", onByDefault: true) != false;
            configured = (single || perSigner) && enabled;
            var pod = inputs.Flags.ControllerManagerPod ?? string.Empty;
            evidence.Add(configured == true
                ? EvidenceText.SignsWith.With(pod, single ? "--cluster-signing-cert-file=" + flags["cluster-signing-cert-file"] : "--cluster-signing-kubelet-client-cert-file=" + flags["cluster-signing-kubelet-client-cert-file"])
                : enabled ? EvidenceText.NoSigningFlags.With(pod)
                : EvidenceText.DisablesCsrSigning.With(pod, flags["controllers"]));
        }

        if (issued.Length > 0)
        {
            var newest = issued[0];
            evidence.Insert(0, EvidenceText.IssuedRecently.With(issued.Length, newest.Name, Universal(newest.View.Certificate!.NotBefore), Universal(newest.View.Certificate.NotAfter)));
        }

        foreach (var csr in stuck.Take(5))
        {
            evidence.Add(EvidenceText.ApprovedWithoutCertificate.With(csr.Name, Minutes(now - ApprovedAt(csr)!.Value)));
        }

        foreach (var csr in failed.Take(5))
        {
            var condition = csr.View.Conditions.First(c => c.Type == "Failed");
            evidence.Add(EvidenceText.CsrFailed.With(csr.Name, condition.Reason ?? string.Empty, condition.Message ?? string.Empty));
        }

        if (stuck.Length > 0)
        {
            return new PreflightCheck(Id, Title, PreflightStatus.Fail, evidence, Fix);
        }

        if (configured == false && issued.Length == 0)
        {
            return new PreflightCheck(Id, Title, PreflightStatus.Fail, evidence, Fix);
        }

        if (failed.Length > 0)
        {
            return new PreflightCheck(Id, Title, PreflightStatus.Warn, evidence,
                PreflightText.SignerRefusedFix.Text);
        }

        if (issued.Length > 0 || configured == true)
        {
            return new PreflightCheck(Id, Title, PreflightStatus.Pass, evidence, null);
        }

        evidence.Insert(0, EvidenceText.NothingIssued.With(Days(inputs.Options.RecentWindow)));
        if (flags is null)
        {
            evidence.Add(EvidenceText.ControllerManagerFlagsHidden.With(inputs.Flags.Unavailable ?? string.Empty));
        }

        return new PreflightCheck(Id, Title, PreflightStatus.Unknown, evidence, PreflightText.SigningUnknownFix.Text);
    }

    internal static DateTimeOffset? ApprovedAt(CsrEntry entry) => ConditionTime(entry, "Approved");

    internal static DateTimeOffset? ConditionTime(CsrEntry entry, string type) =>
        entry.View.Conditions.Where(c => c.Type == type && c.Status == "True").Select(c => c.LastUpdateTime ?? c.LastTransitionTime).FirstOrDefault()
        ?? (entry.View.Conditions.Any(c => c.Type == type) ? entry.View.CreatedAt : null);

    internal static PortalText Minutes(TimeSpan span) =>
        span.TotalHours >= 2 ? EvidenceText.Hours.With((int)span.TotalHours) : EvidenceText.Minutes.With(Math.Max(1, (int)span.TotalMinutes));

    internal static PortalText Days(TimeSpan span) =>
        span.TotalHours >= 48 ? EvidenceText.DaysLong.With((int)span.TotalDays) : EvidenceText.HoursLong.With((int)span.TotalHours);

    /// <summary>A time as <c>2026-12-01 21:50:31Z</c> (the "u" format), or empty.</summary>
    internal static string Universal(DateTimeOffset? time) =>
        time is { } t ? t.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : string.Empty;
}
