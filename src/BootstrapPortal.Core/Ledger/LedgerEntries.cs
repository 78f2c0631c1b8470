using System.Text.RegularExpressions;
using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Tokens;

namespace BootstrapPortal.Core.Ledger;

/// <summary>
/// Turns a decoded CSR (<see cref="CsrView"/>, decoded once per object version by <see cref="CsrCatalog"/>) into the rows the
/// ledger stores. Pure; malformed content becomes <see cref="CsrRecord.DecodeError"/>, never an exception.
/// </summary>
public static partial class LedgerEntries
{
    /// <summary>The name kube-controller-manager's csrapproving is recorded under (its condition reason is <c>AutoApproved</c>).</summary>
    public const string ControllerApprover = "kube-controller-manager (csrapproving)";

    public static LedgerEntry From(CsrView view, DateTime seenAt, bool deleted = false)
    {
        ArgumentNullException.ThrowIfNull(view);
        seenAt = DateTime.SpecifyKind(seenAt, DateTimeKind.Utc);
        var kind = KindOf(view.SignerName);
        var decision = view.Conditions.FirstOrDefault(c => IsTrue(c) && c.Type is "Approved" or "Denied");
        var failure = view.Conditions.FirstOrDefault(c => IsTrue(c) && c.Type == "Failed");
        var (decidedBy, source) = decision is null ? (null, (DecisionSource?)null) : DecidedBy(decision);
        var leaf = view.Certificate;
        var csr = new CsrRecord
        {
            CsrUid = view.ObjectUid ?? string.Empty,
            CsrName = Cut(view.Name, 253)!,
            SignerName = Cut(view.SignerName, 253)!,
            Requestor = Cut(view.Username, 320)!,
            BootstrapTokenId = BootstrapTokenIdOf(view.Username),
            NodeName = Cut(view.NodeName, 253),
            Kind = kind,
            CreatedAt = view.CreatedAt?.UtcDateTime,
            Decision = decision is null ? null : decision.Type == "Approved" ? LedgerDecision.Approved : LedgerDecision.Denied,
            DecisionReason = Cut(decision?.Reason, 256),
            DecisionMessage = Cut(decision?.Message, 1000),
            DecidedBy = Cut(decidedBy, 320),
            DecisionSource = source,
            DecidedAt = (decision?.LastUpdateTime ?? decision?.LastTransitionTime)?.UtcDateTime,
            FailureMessage = failure is null ? null : Cut(failure.Message ?? failure.Reason ?? "Failed", 1000),
            IssuedAt = leaf is null ? null : seenAt,
            DecodeError = Cut(view.RequestError ?? view.CertificateError, 1000),
            FirstSeen = seenAt,
            LastSeen = seenAt,
            DeletedAt = deleted ? seenAt : null,
        };

        CertificateRecord? certificate = null;
        if (leaf is not null && !string.IsNullOrEmpty(csr.CsrUid))
        {
            certificate = new CertificateRecord
            {
                Issuer = Cut(leaf.Issuer.Text, 1000)!,
                SerialNumber = Cut(leaf.SerialNumber, 130)!,
                Sha256Fingerprint = Cut(leaf.Sha256Fingerprint, 95)!,
                Subject = Cut(leaf.Subject.Text, 1000)!,
                NodeName = Cut(CsrViews.NodeNameOf(leaf.CommonName) ?? view.NodeName, 253),
                Kind = kind,
                NotBefore = leaf.NotBefore.UtcDateTime,
                NotAfter = leaf.NotAfter.UtcDateTime,
                ChainsToClusterCa = view.ChainsToClusterCa,
                CsrUid = csr.CsrUid,
                CsrName = csr.CsrName,
                FirstSeen = seenAt,
                LastSeen = seenAt,
            };
        }

        return new LedgerEntry(csr, certificate);
    }

    public static CertificateKind KindOf(string? signerName) => signerName switch
    {
        KubernetesSignerNames.KubeApiServerClientKubelet => CertificateKind.Client,
        KubernetesSignerNames.KubeletServing => CertificateKind.Serving,
        _ => CertificateKind.Other,
    };

    /// <summary>The token id of a <c>system:bootstrap:&lt;id&gt;</c> requestor; null for anyone else.</summary>
    public static string? BootstrapTokenIdOf(string? requestor) =>
        requestor is not null && requestor.StartsWith(BootstrapTokenFormat.UserPrefix, StringComparison.Ordinal)
            && requestor.Length > BootstrapTokenFormat.UserPrefix.Length && requestor.Length <= BootstrapTokenFormat.UserPrefix.Length + 16
            ? requestor[BootstrapTokenFormat.UserPrefix.Length..]
            : null;

    /// <summary>
    /// Who decided, as far as the condition tells: the portal's own message names the person (unconfirmed until the audit
    /// trail confirms it), <c>AutoApproved</c> is csrapproving; anything else (e.g. <c>KubectlApprove</c>) names nobody.
    /// </summary>
    private static (string? Name, DecisionSource? Source) DecidedBy(CsrConditionView decision)
    {
        if (decision.Reason is CsrDecisionText.ApprovedReason or CsrDecisionText.DeniedReason
            && decision.Message is { } message && PortalMessageActor().Match(message) is { Success: true } match)
        {
            return (match.Groups["actor"].Value, DecisionSource.ConditionMessage);
        }

        return decision.Reason == "AutoApproved" ? (ControllerApprover, DecisionSource.Controller) : (null, DecisionSource.Unknown);
    }

    // Approved/Denied/Failed count when their status is True; an empty status predates 1.19 and meant True.
    private static bool IsTrue(CsrConditionView condition) => string.IsNullOrEmpty(condition.Status) || condition.Status == "True";

    private static string? Cut(string? value, int max) => value is null || value.Length <= max ? value : value[..max];

    [GeneratedRegex(@"\(by (?<actor>[^()]{1,320}) via BootstrapPortal\)\z", RegexOptions.CultureInvariant)]
    private static partial Regex PortalMessageActor();
}
