using BootstrapPortal.Core.Tokens;

namespace BootstrapPortal.Web.Components.Tokens;

/// <summary>The filter and search of the tokens table, as a pure function of the list (tested without rendering).</summary>
public sealed class TokenListView
{
    public IReadOnlySet<TokenStatus> Statuses { get; set; } = new HashSet<TokenStatus>();

    public string Search { get; set; } = string.Empty;

    public IReadOnlyList<BootstrapTokenInfo> Apply(IEnumerable<BootstrapTokenInfo> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var terms = Search.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return tokens
            .Where(t => Statuses.Count == 0 || Statuses.Contains(t.Status))
            .Where(t => terms.All(term => Matches(t, term)))
            .OrderBy(t => Rank(t.Status))
            .ThenBy(t => t.Expiration ?? DateTimeOffset.MaxValue)
            .ThenBy(t => t.Id, StringComparer.Ordinal)
            .ToArray();
    }

    public static IReadOnlyDictionary<TokenStatus, int> Count(IEnumerable<BootstrapTokenInfo> tokens) =>
        Enum.GetValues<TokenStatus>().ToDictionary(s => s, s => tokens.Count(t => t.Status == s));

    private static bool Matches(BootstrapTokenInfo token, string term) =>
        Contains(token.Id, term)
        || Contains(token.Description, term)
        || Contains(token.NodeName, term)
        || token.ExtraGroups.Any(g => Contains(g, term))
        || token.Usages.Any(u => Contains(u, term))
        || token.JoinedNodes.Any(n => Contains(n, term))
        || token.UsedByCsrs.Any(c => Contains(c, term));

    private static bool Contains(string? value, string term) => value?.Contains(term, StringComparison.OrdinalIgnoreCase) == true;

    // Problems first: an operator opens this page to act on invalid and expiring tokens.
    private static int Rank(TokenStatus status) => status switch
    {
        TokenStatus.Invalid => 0,
        TokenStatus.Expired => 1,
        TokenStatus.ExpiringSoon => 2,
        TokenStatus.Valid => 3,
        _ => 4,
    };
}
