using BootstrapPortal.Core.Text;
using BootstrapPortal.Core.Tokens;

namespace BootstrapPortal.Core.Preflight;

/// <summary>
/// Tokens that never expire (a leaked one joins machines forever) and expired tokens that linger (tokencleaner,
/// k/k pkg/controller/bootstrap/tokencleaner.go, is off unless kube-controller-manager lists it).
/// </summary>
public static class TokenExpiryCheck
{
    public const string Id = "token-expiry";
    private static readonly PortalText Title = PreflightText.TokenExpiryTitle.Text;

    public static PreflightCheck Evaluate(PreflightInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var evidence = new List<PortalText>();
        var status = PreflightStatus.Pass;
        var fixes = new List<PortalText>();
        var never = inputs.Tokens.Where(t => t.Status == TokenStatus.NeverExpires).Select(t => t.Id).Order(StringComparer.Ordinal).ToArray();
        if (never.Length > 0)
        {
            status = PreflightStatus.Warn;
            evidence.Add(EvidenceText.NeverExpire.With(never.Length, string.Join(", ", never)));
            fixes.Add(PreflightText.NeverExpiringFix.Text);
        }

        var deleting = new HashSet<string>(inputs.TokenSecrets.Where(s => s.Metadata?.DeletionTimestamp is not null).Select(s => s.Metadata.Name), StringComparer.Ordinal);
        var lingering = inputs.Tokens.Where(t => t.Status == TokenStatus.Expired && t.Expiration is { } e && inputs.Now - e > inputs.Options.StuckAfter).ToArray();
        var stale = lingering.Where(t => !deleting.Contains(t.SecretName)).Select(t => t.Id).Order(StringComparer.Ordinal).ToArray();
        var finalizing = lingering.Where(t => deleting.Contains(t.SecretName)).Select(t => t.Id).Order(StringComparer.Ordinal).ToArray();
        if (stale.Length > 0)
        {
            status = PreflightStatus.Warn;
            evidence.Add(EvidenceText.Lingering.With(stale.Length, string.Join(", ", stale)));
            fixes.Add(PreflightText.LingeringFix.Text);
        }

        if (finalizing.Length > 0)
        {
            evidence.Add(EvidenceText.BeingDeleted.With(string.Join(", ", finalizing)));
        }

        var enabled = ControlPlaneFlags.ControllerEnabled(inputs.Flags.ControllerManager, "tokencleaner", onByDefault: false);
        if (enabled is not null)
        {
            evidence.Add((enabled == true ? EvidenceText.RunsTokenCleaner : EvidenceText.NoTokenCleaner).With(inputs.Flags.ControllerManagerPod ?? string.Empty));
            if (enabled == false && status == PreflightStatus.Pass)
            {
                status = PreflightStatus.Warn;
                fixes.Add(PreflightText.TokenCleanerFix.Text);
            }
        }

        if (evidence.Count == 0 || status == PreflightStatus.Pass)
        {
            evidence.Insert(0, EvidenceText.ExpireAsTheyShould.With(inputs.Tokens.Count(t => t.Expiration is not null && t.Status != TokenStatus.Expired)));
        }

        return new PreflightCheck(Id, Title, status, evidence, fixes.Count == 0 ? null : CommonText.Verbatim.With(TextList.Of(" ", fixes)));
    }
}
