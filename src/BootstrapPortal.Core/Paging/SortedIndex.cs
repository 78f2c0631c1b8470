using System.Collections.Concurrent;

namespace BootstrapPortal.Core.Paging;

/// <summary>
/// The rows of one immutable snapshot in every order a list offers, each order sorted once on first use and kept for the
/// snapshot's lifetime, so a query is a filter and a slice rather than a sort per call. Rows are ordered by
/// (<see cref="SortValue"/>, name) ascending; a descending page walks the same order backwards.
/// </summary>
public sealed class SortedIndex<T, TKey>
    where TKey : struct, Enum
{
    private readonly IReadOnlyList<T> _rows;
    private readonly Func<T, TKey, SortValue> _valueOf;
    private readonly Func<T, string> _nameOf;
    private readonly ConcurrentDictionary<TKey, Lazy<Sorted>> _orders = new();

    public SortedIndex(IReadOnlyList<T> rows, Func<T, TKey, SortValue> valueOf, Func<T, string> nameOf)
    {
        _rows = rows ?? throw new ArgumentNullException(nameof(rows));
        _valueOf = valueOf ?? throw new ArgumentNullException(nameof(valueOf));
        _nameOf = nameOf ?? throw new ArgumentNullException(nameof(nameOf));
    }

    /// <summary>
    /// The rows matching <paramref name="filter"/> in the order of <paramref name="key"/> and <paramref name="direction"/>:
    /// those after <paramref name="after"/> (when given), then <paramref name="offset"/> skipped, then up to
    /// <paramref name="limit"/>. <c>Total</c> counts every match (cursor and offset ignored); <c>Next</c> is the cursor of the
    /// page's last row when more rows follow.
    /// </summary>
    public (IReadOnlyList<T> Items, int Total, ListCursor? Next) Page(Func<T, bool> filter, TKey key, SortDirection direction, int offset, int limit,
        ListCursor? after = null)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ListLimits.Validate(offset, limit);
        var sorted = OrderOf(key);
        var count = sorted.Rows.Length;
        var ascending = direction == SortDirection.Ascending;

        // The first index (in walking order) the page may start at: strictly after the cursor's (value, name).
        var start = 0;
        if (after is not null)
        {
            var position = sorted.LowerBound(after.Value, after.Name);
            var exact = position < count && sorted.Values[position] == after.Value && string.Equals(sorted.Names[position], after.Name, StringComparison.Ordinal);
            start = ascending ? (exact ? position + 1 : position) : count - position;
        }

        var items = new List<T>(Math.Min(limit, count));
        var total = 0;
        var skipped = 0;
        var more = false;
        for (var walked = 0; walked < count; walked++)
        {
            var row = sorted.Rows[ascending ? walked : count - 1 - walked];
            if (!filter(row))
            {
                continue;
            }

            total++;
            if (walked < start)
            {
                continue;
            }

            if (skipped < offset)
            {
                skipped++;
            }
            else if (items.Count < limit)
            {
                items.Add(row);
            }
            else
            {
                more = true;
            }
        }

        ListCursor? next = null;
        if (more && items.Count > 0)
        {
            var last = items[^1];
            next = new ListCursor(key.ToString(), direction, _valueOf(last, key), _nameOf(last));
        }

        return (items, total, next);
    }

    /// <summary>Every row matching <paramref name="filter"/> in the order of <paramref name="key"/> and <paramref name="direction"/> (exports, charts).</summary>
    public IReadOnlyList<T> Matching(Func<T, bool> filter, TKey key, SortDirection direction)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var rows = OrderOf(key).Rows;
        var matching = new List<T>();
        for (var walked = 0; walked < rows.Length; walked++)
        {
            var row = rows[direction == SortDirection.Ascending ? walked : rows.Length - 1 - walked];
            if (filter(row))
            {
                matching.Add(row);
            }
        }

        return matching;
    }

    private Sorted OrderOf(TKey key) => _orders.GetOrAdd(key, k => new Lazy<Sorted>(() => Sort(k))).Value;

    private Sorted Sort(TKey key)
    {
        var rows = _rows.ToArray();
        var values = rows.Select(r => _valueOf(r, key)).ToArray();
        var names = rows.Select(_nameOf).ToArray();
        var order = Enumerable.Range(0, rows.Length).ToArray();
        Array.Sort(order, (a, b) =>
        {
            var byValue = values[a].CompareTo(values[b]);
            return byValue != 0 ? byValue : string.CompareOrdinal(names[a], names[b]);
        });
        return new Sorted(order.Select(i => rows[i]).ToArray(), order.Select(i => values[i]).ToArray(), order.Select(i => names[i]).ToArray());
    }

    private sealed record Sorted(T[] Rows, SortValue[] Values, string[] Names)
    {
        /// <summary>The first index whose (value, name) is not less than the given one.</summary>
        public int LowerBound(SortValue value, string name)
        {
            int low = 0, high = Rows.Length;
            while (low < high)
            {
                var mid = low + ((high - low) / 2);
                var byValue = Values[mid].CompareTo(value);
                var less = byValue < 0 || (byValue == 0 && string.CompareOrdinal(Names[mid], name) < 0);
                if (less)
                {
                    low = mid + 1;
                }
                else
                {
                    high = mid;
                }
            }

            return low;
        }
    }
}
