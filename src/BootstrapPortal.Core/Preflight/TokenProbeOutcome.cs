using BootstrapPortal.Core.Text;

namespace BootstrapPortal.Core.Preflight;

/// <summary>What the bootstrap-token probe found.</summary>
/// <param name="Authenticated">True/false from the TokenReview; null when the probe could not be run.</param>
/// <param name="User">The user the API server reported.</param>
/// <param name="Groups">Its groups.</param>
/// <param name="Detail">What happened, for the evidence (never the token's secret).</param>
public sealed record TokenProbeOutcome(bool? Authenticated, string? User, IReadOnlyList<string> Groups, PortalText Detail)
{
    public static TokenProbeOutcome Unavailable(PortalText why) => new(null, null, [], why);
}
