using BootstrapPortal.Core.Text;

namespace BootstrapPortal.Core.Overview;

/// <summary>
/// One thing on the Overview that may need a person: how many, a sentence, how bad, and the address of the filtered list that
/// fixes it (a portal-relative URL such as <c>/csrs?state=Pending&amp;sort=created</c>).
/// </summary>
public sealed record AttentionItem(string Id, AttentionSeverity Severity, int Count, PortalText TitleText, PortalText DetailText, string Href)
{
    /// <summary>The English title.</summary>
    public string Title => TitleText.ToString();

    /// <summary>The English detail.</summary>
    public string Detail => DetailText.ToString();
}

/// <summary>How bad an <see cref="AttentionItem"/> is when its count is above zero.</summary>
public enum AttentionSeverity
{
    Info,
    Warning,
    Error,
}
