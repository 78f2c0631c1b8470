using BootstrapPortal.Core.Paging;

namespace BootstrapPortal.Core.Tokens;

/// <summary>
/// One page of the token list: states (any of them; null or empty for all), a search (case-insensitive, in the id, Secret
/// name, description, node, extra groups and usages — never in the secret, which rows do not hold), the order, and the window
/// (<see cref="After"/>, then <see cref="Offset"/> skipped, then up to <see cref="Limit"/>, 1 to <see cref="ListLimits.MaxLimit"/>).
/// </summary>
public sealed record TokenListQuery
{
    public IReadOnlySet<TokenListState>? States { get; init; }

    public string? Search { get; init; }

    public TokenSortKey Sort { get; init; } = TokenSortKey.Name;

    public SortDirection Direction { get; init; } = SortDirection.Ascending;

    public int Offset { get; init; }

    public int Limit { get; init; } = ListLimits.DefaultLimit;

    public ListCursor? After { get; init; }

    public bool Matches(BootstrapTokenInfo token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (States is { Count: > 0 } && !States.Contains(token.ListState))
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(Search))
        {
            return true;
        }

        var term = Search.Trim();
        return Contains(token.Id, term) || Contains(token.SecretName, term) || Contains(token.Description, term) || Contains(token.NodeName, term)
            || token.ExtraGroups.Any(g => Contains(g, term)) || token.Usages.Any(u => Contains(u, term));
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the property that is out of range.</summary>
    public void Validate()
    {
        ListLimits.Validate(Offset, Limit);
        if (After is not null && (!string.Equals(After.Sort, Sort.ToString(), StringComparison.Ordinal) || After.Direction != Direction))
        {
            throw new ArgumentException("The cursor was made for another sort order.", nameof(After));
        }
    }

    private static bool Contains(string? value, string term) => value is not null && value.Contains(term, StringComparison.OrdinalIgnoreCase);
}
