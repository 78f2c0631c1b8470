using BootstrapPortal.Core.Paging;

namespace BootstrapPortal.Core.Tokens;

/// <summary>
/// One page of the token list: list states (any of them; null or empty for all), statuses (any of them, a terminating token
/// counted by its status), terminating only, a search (words separated by spaces, each of which must appear, case-insensitive,
/// in the id, Secret name, description, node, extra groups, usages, joined nodes or the CSRs requested with the token — never
/// in the secret, which rows do not hold), the order, and the window (<see cref="After"/>, then <see cref="Offset"/> skipped,
/// then up to <see cref="Limit"/>, 1 to <see cref="ListLimits.MaxLimit"/>).
/// </summary>
public sealed record TokenListQuery
{
    public IReadOnlySet<TokenListState>? States { get; init; }

    /// <summary>The expiry statuses to keep (null or empty for all); unlike <see cref="States"/>, a terminating token keeps its status.</summary>
    public IReadOnlySet<TokenStatus>? Statuses { get; init; }

    /// <summary>Only tokens whose Secret is being deleted.</summary>
    public bool TerminatingOnly { get; init; }

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

        if (Statuses is { Count: > 0 } && !Statuses.Contains(token.Status))
        {
            return false;
        }

        if (TerminatingOnly && !token.Terminating)
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(Search))
        {
            return true;
        }

        foreach (var term in Search.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!MatchesTerm(token, term))
            {
                return false;
            }
        }

        return true;
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

    private static bool MatchesTerm(BootstrapTokenInfo token, string term) =>
        Contains(token.Id, term) || Contains(token.SecretName, term) || Contains(token.Description, term) || Contains(token.NodeName, term)
        || token.ExtraGroups.Any(g => Contains(g, term)) || token.Usages.Any(u => Contains(u, term))
        || token.JoinedNodes.Any(n => Contains(n, term)) || token.UsedByCsrs.Any(c => Contains(c, term));

    private static bool Contains(string? value, string term) => value is not null && value.Contains(term, StringComparison.OrdinalIgnoreCase);
}
