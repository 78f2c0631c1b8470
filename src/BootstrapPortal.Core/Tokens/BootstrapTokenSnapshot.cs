using BootstrapPortal.Core.Paging;

namespace BootstrapPortal.Core.Tokens;

/// <summary>
/// Every bootstrap token row, built once per change of the token Secrets, CSRs or Nodes, or when a token's status changes
/// with the clock (<see cref="ValidUntil"/>: the next expiry or "expiring soon" instant), and shared by every reader.
/// </summary>
public sealed class BootstrapTokenSnapshot
{
    private readonly SortedIndex<BootstrapTokenInfo, TokenSortKey> _index;

    public BootstrapTokenSnapshot(IReadOnlyList<BootstrapTokenInfo> tokens, DateTimeOffset builtAt, DateTimeOffset validUntil, long version)
    {
        Tokens = tokens ?? throw new ArgumentNullException(nameof(tokens));
        BuiltAt = builtAt;
        ValidUntil = validUntil;
        Version = version;
        _index = new SortedIndex<BootstrapTokenInfo, TokenSortKey>(tokens, SortValueOf, t => t.SecretName);
        StatusCounts = CountStatuses(tokens);
        TerminatingCount = tokens.Count(t => t.Terminating);
    }

    /// <summary>Sorted by id, then Secret name.</summary>
    public IReadOnlyList<BootstrapTokenInfo> Tokens { get; }

    public DateTimeOffset BuiltAt { get; }

    /// <summary>The first instant at which a row's status would differ (a token expires or starts expiring soon).</summary>
    public DateTimeOffset ValidUntil { get; }

    /// <summary>Grows by one with every snapshot built.</summary>
    public long Version { get; }

    public TokenListPage Query(TokenListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var (items, total, next) = _index.Page(query.Matches, query.Sort, query.Direction, query.Offset, query.Limit, query.After);
        return new TokenListPage(items, total, next, Version, BuiltAt);
    }

    /// <summary>How many tokens have each status (terminating ones included), for the list's filter chips.</summary>
    public IReadOnlyDictionary<TokenStatus, int> StatusCounts { get; }

    /// <summary>How many tokens' Secrets are being deleted.</summary>
    public int TerminatingCount { get; }

    public static SortValue SortValueOf(BootstrapTokenInfo token, TokenSortKey key)
    {
        ArgumentNullException.ThrowIfNull(token);
        return key switch
        {
            TokenSortKey.Name => SortValue.Of(token.Id),
            TokenSortKey.Expires => SortValue.Of(ExpiryTicks(token)),
            TokenSortKey.Created => new SortValue(token.CreatedAt?.UtcTicks, ExpiryText(token)),
            TokenSortKey.Usage => new SortValue(token.UsedByCsrs.Count, ExpiryText(token)),
            TokenSortKey.Status => new SortValue(StatusRank(token.Status), ExpiryText(token)),
            _ => SortValue.None,
        };
    }

    /// <summary>Problems first: an operator opens the list to act on invalid and expiring tokens.</summary>
    public static int StatusRank(TokenStatus status) => status switch
    {
        TokenStatus.Invalid => 0,
        TokenStatus.Expired => 1,
        TokenStatus.ExpiringSoon => 2,
        TokenStatus.Valid => 3,
        _ => 4,
    };

    // A token that never expires orders after every expiry; zero-padded ticks compare as text in numeric order (the tie-break
    // of the other keys: soonest expiry first).
    private static long ExpiryTicks(BootstrapTokenInfo token) => token.Expiration?.UtcTicks ?? long.MaxValue;

    private static string ExpiryText(BootstrapTokenInfo token) => ExpiryTicks(token).ToString("D19", System.Globalization.CultureInfo.InvariantCulture);

    private static Dictionary<TokenStatus, int> CountStatuses(IReadOnlyList<BootstrapTokenInfo> tokens)
    {
        var counts = Enum.GetValues<TokenStatus>().ToDictionary(s => s, _ => 0);
        foreach (var token in tokens)
        {
            counts[token.Status]++;
        }

        return counts;
    }
}
