using System.Globalization;
using BootstrapPortal.Core.Text;

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
        var client = kind == CertificateKind.Client;
        if (pending is { StillPending: true } && now - pending.Since >= policy.PendingRenewalThreshold)
        {
            var waited = TextDuration.Compact(now - pending.Since);
            var attempts = pending.Attempts == 1 ? NodeHealthText.OneRequest.Text : NodeHealthText.Requests.With(pending.Attempts);
            if (current is null && kind == CertificateKind.Serving)
            {
                reasons.Add(new(RotationIssue.FirstRequestPending, kind, RotationStatus.Warning,
                    NodeHealthText.FirstServingPending.With(waited, attempts, pending.LatestName)));
            }
            else
            {
                reasons.Add(new(RotationIssue.RenewalPending, kind, RotationStatus.Unhealthy,
                    (client ? NodeHealthText.ClientRenewalPending : NodeHealthText.ServingRenewalPending).With(waited, attempts, pending.LatestName)));
            }
        }

        if (current is null)
        {
            if (kind == CertificateKind.Client)
            {
                reasons.Add(new(RotationIssue.NoCertificateOnRecord, kind, RotationStatus.Warning,
                    (ready == false ? NodeHealthText.NoClientNotReady : NodeHealthText.NoClientOnRecord).Text));
            }

            return;
        }

        if (current.ChainsToClusterCa == false)
        {
            reasons.Add(new(RotationIssue.NotChainingToClusterCa, kind, RotationStatus.Unhealthy,
                (client ? NodeHealthText.ClientNotChaining : NodeHealthText.ServingNotChaining).With(current.SerialNumber)));
        }

        if (current.NotAfter <= now)
        {
            var ago = TextDuration.Compact(now - current.NotAfter);
            if (kind == CertificateKind.Client && ready == false)
            {
                reasons.Add(new(RotationIssue.ExpiredNotReady, kind, RotationStatus.Unhealthy,
                    NodeHealthText.ExpiredNotReady.With(ago)));
            }
            else if (kind == CertificateKind.Client)
            {
                reasons.Add(new(RotationIssue.Expired, kind, RotationStatus.Warning,
                    NodeHealthText.ExpiredButReady.With(ago)));
            }
            else
            {
                reasons.Add(new(RotationIssue.Expired, kind, RotationStatus.Unhealthy,
                    NodeHealthText.ServingExpired.With(ago)));
            }

            return;
        }

        var used = current.LifetimeUsed(now);
        var left = TextDuration.Compact(current.NotAfter - now);
        if (used >= policy.OverdueFraction)
        {
            reasons.Add(new(RotationIssue.RenewalOverdue, kind, RotationStatus.Unhealthy,
                (client ? NodeHealthText.ClientOverdue : NodeHealthText.ServingOverdue).With(Percent(used), Percent(policy.OverdueFraction), left)));
        }
        else if (used >= policy.WarningFraction)
        {
            reasons.Add(new(RotationIssue.RenewalDue, kind, RotationStatus.Warning,
                (client ? NodeHealthText.ClientDue : NodeHealthText.ServingDue).With(Percent(used), left)));
        }
    }

    /// <summary>A fraction as <c>85 %</c>.</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("0", CultureInfo.InvariantCulture) + " %";

    /// <summary>Short English duration text: <c>3d 4h</c>, <c>2h 5m</c>, <c>45s</c> (<see cref="TextDuration.Compact"/> in a message).</summary>
    public static string Duration(TimeSpan span) => TextDuration.Compact(span).ToString();
}
