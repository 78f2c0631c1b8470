using System.Text.Json.Serialization;
using BootstrapPortal.Core.Text;

namespace BootstrapPortal.Core.Preflight;

/// <summary>One prerequisite of node TLS bootstrapping, with the evidence the portal saw and how to fix it.</summary>
/// <param name="Id">Stable id (e.g. <c>bootstrap-token-auth</c>).</param>
/// <param name="TitleText">What is checked.</param>
/// <param name="Status">The outcome.</param>
/// <param name="EvidenceTexts">What the portal saw, one fact per entry (never a secret).</param>
/// <param name="FixText">How to fix it; null when nothing needs doing.</param>
public sealed record PreflightCheck(string Id, [property: JsonIgnore] PortalText TitleText, PreflightStatus Status,
    [property: JsonIgnore] IReadOnlyList<PortalText> EvidenceTexts,
    [property: JsonIgnore] PortalText? FixText)
{
    /// <summary>What the portal saw, in English (API).</summary>
    public IReadOnlyList<string> Evidence { get; } = [.. EvidenceTexts.Select(e => e.ToString())];

    /// <summary>What is checked, in English.</summary>
    public string Title => TitleText.ToString();

    /// <summary>The fix in English.</summary>
    public string? Fix => FixText?.ToString();
}
