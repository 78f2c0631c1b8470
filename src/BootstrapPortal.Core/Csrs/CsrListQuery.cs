using BootstrapPortal.Core.Paging;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// One page of the CSR list: the filters (every set one must match; see <see cref="CsrQuery"/> for what
/// <see cref="Search"/> matches), the order, and the window — <see cref="After"/> (a keyset position from a previous page),
/// then <see cref="Offset"/> rows skipped, then up to <see cref="Limit"/> (1 to <see cref="ListLimits.MaxLimit"/>) rows.
/// </summary>
public sealed record CsrListQuery
{
    /// <summary>Any of these states; null or empty for all.</summary>
    public IReadOnlySet<CsrState>? States { get; init; }

    public string? Signer { get; init; }

    /// <summary><c>spec.username</c>, exactly.</summary>
    public string? Requestor { get; init; }

    public string? Node { get; init; }

    public string? Search { get; init; }

    /// <summary>Any of these verdict results; null or empty for all.</summary>
    public IReadOnlySet<CsrVerdictResult>? Verdicts { get; init; }

    public CsrSortKey Sort { get; init; } = CsrSortKey.Created;

    public SortDirection Direction { get; init; } = SortDirection.Descending;

    public int Offset { get; init; }

    public int Limit { get; init; } = ListLimits.DefaultLimit;

    /// <summary>Rows after this position (<see cref="CsrListPage.Next"/> of the previous page); its sort and direction must be this query's.</summary>
    public ListCursor? After { get; init; }

    /// <summary>The filters as a <see cref="CsrQuery"/>.</summary>
    public CsrQuery Filter => new(
        SignerName: Signer, Requestor: Requestor, NodeName: Node, Search: Search,
        States: States is { Count: > 0 } ? States : null, Verdicts: Verdicts is { Count: > 0 } ? Verdicts : null);

    /// <summary>Throws <see cref="ArgumentException"/> naming the property that is out of range.</summary>
    public void Validate()
    {
        ListLimits.Validate(Offset, Limit);
        if (After is not null && (!string.Equals(After.Sort, Sort.ToString(), StringComparison.Ordinal) || After.Direction != Direction))
        {
            throw new ArgumentException("The cursor was made for another sort order.", nameof(After));
        }
    }
}
