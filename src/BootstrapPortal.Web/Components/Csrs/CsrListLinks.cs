namespace BootstrapPortal.Web.Components.Csrs;

/// <summary>Links between the lists (a CSR to the token that asked, a token or node to its CSRs) and the lists' refresh rates.</summary>
public static class CsrListLinks
{
    /// <summary>A list page looks at the shared snapshot at most this often.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    /// <summary>How often relative times ("3m ago") are redrawn.</summary>
    public static readonly TimeSpan ClockTick = TimeSpan.FromSeconds(30);

    private const string BootstrapUserPrefix = "system:bootstrap:";

    /// <summary>The token id of a requester <c>system:bootstrap:&lt;id&gt;</c> (the bootstrap token authenticator's user name), else null.</summary>
    public static string? BootstrapTokenId(string? username)
    {
        if (username is null || !username.StartsWith(BootstrapUserPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var id = username[BootstrapUserPrefix.Length..];
        return id.Length == 6 && id.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c)) ? id : null;
    }

    /// <summary>The token list filtered to one token.</summary>
    public static string Token(string tokenId) => "tokens?q=" + Uri.EscapeDataString(tokenId);

    /// <summary>The CSR list of what one bootstrap token requested.</summary>
    public static string CsrsOfToken(string tokenId) => "csrs?requestor=" + Uri.EscapeDataString(BootstrapUserPrefix + tokenId);

    /// <summary>The CSR list of one node.</summary>
    public static string CsrsOfNode(string nodeName) => "csrs?node=" + Uri.EscapeDataString(nodeName);
}
