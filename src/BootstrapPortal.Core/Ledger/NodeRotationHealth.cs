using System.Globalization;

namespace BootstrapPortal.Core.Ledger;

/// <summary>
/// Judges a node's certificate rotation from the ledger's facts and the node's readiness. Pure. Built to be right both ways:
/// a healthy kubelet renews at a random point between 70 % and 90 % of the lifetime (k8s.io/client-go
/// <c>util/certificate/certificate_manager.go</c> <c>nextRotationDeadline</c>), so not having renewed at 80 % is only a
/// warning; and a node the ledger has no record of is unknown, not broken, as long as it is Ready.
/// </summary>
public static class NodeRotationHealth
{
    /// <param name="ready">The node's Ready condition: true, false, or null when unknown.</param>
    public static RotationAssessment Evaluate(NodeLedgerFacts facts, bool? ready, RotationPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(policy);
        var reasons = new List<RotationReason>();
        Certificate(facts.Client, facts.ClientPending, CertificateKind.Client, ready, policy, now, reasons);
        Certificate(facts.Serving, facts.ServingPending, CertificateKind.Serving, ready, policy, now, reasons);
        if (reasons.Count == 0)
        {
            return RotationAssessment.Healthy;
        }

        var ordered = reasons.OrderByDescending(r => r.Severity).ThenBy(r => r.Kind).ThenBy(r => r.Issue).ToArray();
        return new RotationAssessment(ordered[0].Severity, ordered);
    }

    private static void Certificate(LedgerCertificate? current, PendingRenewal? pending, CertificateKind kind, bool? ready, RotationPolicy policy,
        DateTimeOffset now, List<RotationReason> reasons)
    {
        var what = kind == CertificateKind.Client ? "client certificate" : "serving certificate";
        if (pending is { StillPending: true } && now - pending.Since >= policy.PendingRenewalThreshold)
        {
            var waited = Duration(now - pending.Since);
            var attempts = pending.Attempts == 1 ? "1 request" : $"{pending.Attempts} requests";
            if (current is null && kind == CertificateKind.Serving)
            {
                reasons.Add(new(RotationIssue.FirstRequestPending, kind, RotationStatus.Warning,
                    $"The first {what} request has waited {waited} for approval ({attempts}, latest {pending.LatestName}); kubelet-serving requests need a person or an approver."));
            }
            else
            {
                reasons.Add(new(RotationIssue.RenewalPending, kind, RotationStatus.Unhealthy,
                    $"A {what} renewal has been pending for {waited} ({attempts} without a certificate, latest {pending.LatestName})."));
            }
        }

        if (current is null)
        {
            if (kind == CertificateKind.Client)
            {
                reasons.Add(new(RotationIssue.NoCertificateOnRecord, kind, RotationStatus.Warning,
                    ready == false
                        ? "No client certificate on record, and the node is NotReady."
                        : "No client certificate on record: it was issued before the ledger started or outside the CSR API."));
            }

            return;
        }

        if (current.ChainsToClusterCa == false)
        {
            reasons.Add(new(RotationIssue.NotChainingToClusterCa, kind, RotationStatus.Unhealthy,
                $"The {what} (serial {current.SerialNumber}) does not chain to the cluster CA."));
        }

        if (current.NotAfter <= now)
        {
            var ago = Duration(now - current.NotAfter);
            if (kind == CertificateKind.Client && ready == false)
            {
                reasons.Add(new(RotationIssue.ExpiredNotReady, kind, RotationStatus.Unhealthy,
                    $"The node is NotReady and its client certificate expired {ago} ago: the kubelet can no longer reach the API server."));
            }
            else if (kind == CertificateKind.Client)
            {
                reasons.Add(new(RotationIssue.Expired, kind, RotationStatus.Warning,
                    $"The client certificate on record expired {ago} ago, yet the node reports Ready: it uses a certificate the ledger has not seen."));
            }
            else
            {
                reasons.Add(new(RotationIssue.Expired, kind, RotationStatus.Unhealthy,
                    $"The serving certificate expired {ago} ago: kubectl logs/exec and metrics scrapes of this node fail."));
            }

            return;
        }

        var used = current.LifetimeUsed(now);
        var left = Duration(current.NotAfter - now);
        if (used >= policy.OverdueFraction)
        {
            reasons.Add(new(RotationIssue.RenewalOverdue, kind, RotationStatus.Unhealthy,
                $"The {what} is {Percent(used)} through its lifetime with no renewal (kubelets renew by {Percent(policy.OverdueFraction)}); it expires in {left}."));
        }
        else if (used >= policy.WarningFraction)
        {
            reasons.Add(new(RotationIssue.RenewalDue, kind, RotationStatus.Warning,
                $"The {what} is {Percent(used)} through its lifetime and not renewed yet; it expires in {left}."));
        }
    }

    private static string Percent(double fraction) => (fraction * 100).ToString("0", CultureInfo.InvariantCulture) + " %";

    /// <summary>Short duration text: <c>3d 4h</c>, <c>2h 5m</c>, <c>45s</c>.</summary>
    public static string Duration(TimeSpan span)
    {
        span = span.Duration();
        return span.TotalDays >= 1 ? $"{(int)span.TotalDays}d {span.Hours}h"
            : span.TotalHours >= 1 ? $"{(int)span.TotalHours}h {span.Minutes}m"
            : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m {span.Seconds}s"
            : $"{(int)span.TotalSeconds}s";
    }
}
