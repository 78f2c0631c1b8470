namespace BootstrapPortal.Core.Paging;

/// <summary>
/// What one row is ordered by for one sort key: a number (an instant's ticks, an enum's rank) or a text, compared ordinally.
/// A missing value orders before every value. Rows with equal values are ordered by their name, which is unique in a list,
/// so (value, name) is a total order and a position in it can be carried in a <see cref="ListCursor"/>.
/// </summary>
public readonly record struct SortValue(long? Number, string? Text) : IComparable<SortValue>
{
    public static SortValue None { get; }

    public static SortValue Of(long? number) => new(number, null);

    public static SortValue Of(string? text) => new(null, text);

    public static SortValue Of(DateTimeOffset? instant) => new(instant?.UtcTicks, null);

    public int CompareTo(SortValue other)
    {
        var byNumber = Nullable.Compare(Number, other.Number);
        return byNumber != 0 ? byNumber : string.CompareOrdinal(Text, other.Text);
    }

    public static bool operator <(SortValue left, SortValue right) => left.CompareTo(right) < 0;

    public static bool operator >(SortValue left, SortValue right) => left.CompareTo(right) > 0;

    public static bool operator <=(SortValue left, SortValue right) => left.CompareTo(right) <= 0;

    public static bool operator >=(SortValue left, SortValue right) => left.CompareTo(right) >= 0;
}
