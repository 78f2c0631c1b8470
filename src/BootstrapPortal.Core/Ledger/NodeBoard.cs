using BootstrapPortal.Core.Paging;

namespace BootstrapPortal.Core.Ledger;

/// <summary>
/// The Nodes &amp; certificates read model: every Node's row, built once per change of the nodes or the ledger (and as time
/// passes) and shared by every page, the API and <c>/metrics</c>.
/// </summary>
public sealed record NodeBoard(IReadOnlyList<NodeCertificateRow> Rows, DateTimeOffset BuiltAt, bool Loaded, string? Error)
{
    private readonly SortedIndex<NodeCertificateRow, NodeSortKey> _index = new(Rows, SortValueOf, r => r.Name);

    public static NodeBoard Empty { get; } = new([], DateTimeOffset.MinValue, false, null);

    /// <summary>Grows by one with every board built.</summary>
    public long Version { get; init; }

    /// <summary>One page of the rows matching <paramref name="query"/>; throws <see cref="ArgumentException"/> when the query is out of range.</summary>
    public NodeListPage Query(NodeListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var filter = query.Filter;
        var (rows, total, next) = _index.Page(r => filter.Matches(r, BuiltAt), query.Sort, query.Direction, query.Offset, query.Limit, query.After);
        return new NodeListPage(rows, total, next, Version, BuiltAt);
    }

    public static SortValue SortValueOf(NodeCertificateRow row, NodeSortKey key)
    {
        ArgumentNullException.ThrowIfNull(row);
        return key switch
        {
            // Worst first when ascending: unhealthy, then warnings, then healthy; within each the soonest expiry (zero-padded
            // ticks compare as text in numeric order; none last).
            NodeSortKey.Health => new SortValue(RotationRank(row), (row.NextExpiry?.UtcTicks ?? long.MaxValue).ToString("D19", System.Globalization.CultureInfo.InvariantCulture)),
            NodeSortKey.NextExpiry => SortValue.Of(row.NextExpiry),
            NodeSortKey.KubeletVersion => SortValue.Of(row.KubeletVersion),
            NodeSortKey.Token => SortValue.Of(row.JoinedWithToken),
            NodeSortKey.Ready => SortValue.Of(row.Ready switch { false => 0, null => 1, true => 2 }),
            NodeSortKey.Rotation => SortValue.Of(RotationRank(row)),
            NodeSortKey.ClientExpiry => SortValue.Of(row.Client?.NotAfter.UtcTicks ?? long.MaxValue),
            NodeSortKey.ServingExpiry => SortValue.Of(row.Serving?.NotAfter.UtcTicks ?? long.MaxValue),
            _ => SortValue.None,
        };
    }

    /// <summary>Every row matching <paramref name="query"/>'s filters in its order, without a window (exports, the expiry timeline).</summary>
    public IReadOnlyList<NodeCertificateRow> Matching(NodeListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var filter = query.Filter;
        return _index.Matching(r => filter.Matches(r, BuiltAt), query.Sort, query.Direction);
    }

    private static long RotationRank(NodeCertificateRow row) => (long)RotationStatus.Unhealthy - (long)row.Rotation.Status;

    public int Unhealthy => Rows.Count(r => r.Rotation.Status == RotationStatus.Unhealthy);

    public int Warnings => Rows.Count(r => r.Rotation.Status == RotationStatus.Warning);

    /// <summary>Rows with a certificate expiring within <paramref name="window"/> of <see cref="BuiltAt"/> (expired included).</summary>
    public IReadOnlyList<NodeCertificateRow> ExpiringWithin(TimeSpan window) =>
        Rows.Where(r => r.NextExpiry is { } e && e <= BuiltAt + window).OrderBy(r => r.NextExpiry).ToArray();

    public NodeCertificateRow? Find(string name) => Rows.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal));
}
