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

    public static SortValue SortValueOf(BootstrapTokenInfo token, TokenSortKey key)
    {
        ArgumentNullException.ThrowIfNull(token);
        return key switch
        {
            TokenSortKey.Name => SortValue.Of(token.Id),
            TokenSortKey.Expires => SortValue.Of(token.Expiration),
            TokenSortKey.Created => SortValue.Of(token.CreatedAt),
            TokenSortKey.Usage => SortValue.Of(token.UsedByCsrs.Count),
            _ => SortValue.None,
        };
    }
}
