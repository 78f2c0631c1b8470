using BootstrapPortal.Core.Paging;

namespace BootstrapPortal.Core.Tests.Paging;

/// <summary>The sort keys of <see cref="SortedIndexTests"/>.</summary>
public enum TestSortKey
{
    Name,
    Group,
}

/// <summary>Keyset paging over a sorted snapshot, and the continue token's encoding, checked against plain LINQ.</summary>
public sealed class SortedIndexTests
{
    private sealed record Row(string Name, int? Group);

    private static SortValue ValueOf(Row row, TestSortKey key) => key == TestSortKey.Group ? SortValue.Of(row.Group) : SortValue.None;

    private static Row[] Rows(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new Row($"row-{random.Next(100000):D5}-{i}", random.Next(5) == 0 ? null : random.Next(4)))];

    [Theory]
    [InlineData(TestSortKey.Name, SortDirection.Ascending, 7)]
    [InlineData(TestSortKey.Group, SortDirection.Ascending, 3)]
    [InlineData(TestSortKey.Group, SortDirection.Descending, 10)]
    [InlineData(TestSortKey.Name, SortDirection.Descending, 1)]
    public void Walking_with_cursors_gives_the_filtered_sorted_list_exactly(TestSortKey key, SortDirection direction, int limit)
    {
        var random = new Random(7);
        var rows = Rows(random, 200);
        var index = new SortedIndex<Row, TestSortKey>(rows, ValueOf, r => r.Name);
        bool Filter(Row r) => r.Group != 1;
        var ordered = rows.Where(Filter).OrderBy(r => ValueOf(r, key)).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
        if (direction == SortDirection.Descending)
        {
            ordered.Reverse();
        }

        var walked = new List<Row>();
        ListCursor? cursor = null;
        do
        {
            var (items, total, next) = index.Page(Filter, key, direction, 0, limit, cursor);
            Assert.Equal(ordered.Count, total);
            walked.AddRange(items);
            cursor = next is null ? null : RoundTrip(next);
        }
        while (cursor is not null);

        Assert.Equal(ordered, walked);
    }

    [Fact]
    public void Offset_and_limit_slice_the_order_and_total_counts_every_match()
    {
        var rows = Rows(new Random(3), 50);
        var index = new SortedIndex<Row, TestSortKey>(rows, ValueOf, r => r.Name);
        var ordered = rows.OrderBy(r => r.Name, StringComparer.Ordinal).ToArray();
        var (items, total, next) = index.Page(_ => true, TestSortKey.Name, SortDirection.Ascending, 10, 5);
        Assert.Equal(ordered.Skip(10).Take(5), items);
        Assert.Equal(50, total);
        Assert.Equal(ordered[14].Name, next!.Name);
        Assert.Null(index.Page(_ => true, TestSortKey.Name, SortDirection.Ascending, 45, 5).Next);
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Page(_ => true, TestSortKey.Name, SortDirection.Ascending, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Page(_ => true, TestSortKey.Name, SortDirection.Ascending, 0, ListLimits.MaxLimit + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Page(_ => true, TestSortKey.Name, SortDirection.Ascending, -1, 5));
    }

    [Fact]
    public void A_cursor_whose_row_was_removed_continues_after_where_it_was()
    {
        var rows = new[] { new Row("a", 1), new Row("b", 1), new Row("c", 2), new Row("d", 3) };
        var first = new SortedIndex<Row, TestSortKey>(rows, ValueOf, r => r.Name).Page(_ => true, TestSortKey.Group, SortDirection.Ascending, 0, 2);
        Assert.Equal("b", first.Next!.Name);

        // "b" is gone and "bb" (same group) arrived in the next snapshot: the walk goes on with "bb", then "c".
        var later = new SortedIndex<Row, TestSortKey>([rows[0], new Row("bb", 1), rows[2], rows[3]], ValueOf, r => r.Name);
        var second = later.Page(_ => true, TestSortKey.Group, SortDirection.Ascending, 0, 10, first.Next);
        Assert.Equal(["bb", "c", "d"], second.Items.Select(r => r.Name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 !")]
    [InlineData("AAAA")]
    [InlineData("bnVsbA")]
    [InlineData("WyIxIiwiTmFtZSIsImEiLG51bGwsbnVsbF0")]
    [InlineData("WyIyIiwiTmFtZSIsImEiLG51bGwsbnVsbCwieCJd")]
    [InlineData("WyIxIiwiTmFtZSIsInEiLG51bGwsbnVsbCwieCJd")]
    [InlineData("WyIxIiwiTmFtZSIsImEiLDEuNSxudWxsLCJ4Il0")]
    public void Decoding_a_token_it_did_not_make_fails_without_throwing(string token)
    {
        Assert.False(ListCursor.TryDecode(token, out var cursor));
        Assert.Null(cursor);
        Assert.False(ListCursor.TryDecode(new string('A', ListCursor.MaxTokenLength + 4), out _));
    }

    private static ListCursor RoundTrip(ListCursor cursor)
    {
        Assert.True(ListCursor.TryDecode(cursor.Encode(), out var decoded));
        Assert.Equal(cursor, decoded);
        return decoded!;
    }
}
