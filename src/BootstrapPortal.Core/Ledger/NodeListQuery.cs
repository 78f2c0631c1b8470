using BootstrapPortal.Core.Paging;

namespace BootstrapPortal.Core.Ledger;

/// <summary>
/// One page of the Nodes list: the filters of <see cref="NodeBoardQuery"/> (search, expiring within N days, unhealthy only,
/// rotation status), the order, and the window (<see cref="After"/>, then <see cref="Offset"/> skipped, then up to
/// <see cref="Limit"/>, 1 to <see cref="ListLimits.MaxLimit"/>).
/// </summary>
public sealed record NodeListQuery
{
    public string? Search { get; init; }

    public int? ExpiringWithinDays { get; init; }

    public bool UnhealthyOnly { get; init; }

    public RotationStatus? Status { get; init; }

    public NodeSortKey Sort { get; init; } = NodeSortKey.Health;

    public SortDirection Direction { get; init; } = SortDirection.Ascending;

    public int Offset { get; init; }

    public int Limit { get; init; } = ListLimits.DefaultLimit;

    public ListCursor? After { get; init; }

    public NodeBoardQuery Filter => new(Search, ExpiringWithinDays, UnhealthyOnly, Status);

    /// <summary>Throws <see cref="ArgumentException"/> naming the property that is out of range.</summary>
    public void Validate()
    {
        ListLimits.Validate(Offset, Limit);
        if (ExpiringWithinDays is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ExpiringWithinDays), ExpiringWithinDays, "Must not be negative.");
        }

        if (After is not null && (!string.Equals(After.Sort, Sort.ToString(), StringComparison.Ordinal) || After.Direction != Direction))
        {
            throw new ArgumentException("The cursor was made for another sort order.", nameof(After));
        }
    }
}
