using System.Globalization;

namespace BootstrapPortal.Web.Components.Shared;

/// <summary>
/// The page, page size and sort of a list page, read from and written to its query string (<c>page</c> 1-based,
/// <c>size</c> 25/50/100, <c>sort</c>, <c>order</c> asc/desc). Reading is total: a value that does not parse is dropped
/// with a note the page shows, never an error.
/// </summary>
public sealed record ListPaging(int Page, int Size, string? Sort, bool Descending)
{
    public static readonly int[] PageSizes = [25, 50, 100];

    public const int DefaultSize = 25;

    public static ListPaging Default { get; } = new(1, DefaultSize, null, false);

    /// <summary>The first row of the page (0-based); a page number from the address too large to reach saturates rather than overflows.</summary>
    public int Offset => (int)Math.Min((long)(Page - 1) * Size, int.MaxValue);

    /// <summary>This page, or the last one when the list has fewer than its first row (<paramref name="total"/> rows).</summary>
    public ListPaging Within(int total)
    {
        var last = Math.Max(1, (int)Math.Ceiling(total / (double)Size));
        return Page > last ? this with { Page = last } : this;
    }

    /// <param name="sortKeys">The sort keys the page knows (case-insensitive).</param>
    /// <param name="notes">Receives one sentence per ignored value, naming the parameter.</param>
    public static ListPaging Parse(string? page, string? size, string? sort, string? order, IReadOnlyCollection<string> sortKeys, ICollection<string> notes)
    {
        ArgumentNullException.ThrowIfNull(sortKeys);
        ArgumentNullException.ThrowIfNull(notes);
        var result = Default;
        if (!string.IsNullOrEmpty(page))
        {
            if (int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p >= 1)
            {
                result = result with { Page = p };
            }
            else
            {
                notes.Add("The page number in the address is not a positive whole number; showing the first page.");
            }
        }

        if (!string.IsNullOrEmpty(size))
        {
            if (int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && PageSizes.Contains(s))
            {
                result = result with { Size = s };
            }
            else
            {
                notes.Add($"The page size in the address is not one of {string.Join(", ", PageSizes)}; showing {DefaultSize} rows.");
            }
        }

        if (!string.IsNullOrEmpty(sort))
        {
            var key = sortKeys.FirstOrDefault(k => string.Equals(k, sort, StringComparison.OrdinalIgnoreCase));
            if (key is not null)
            {
                result = result with { Sort = key };
            }
            else
            {
                notes.Add("The sort column in the address is not a column of this list; showing the default order.");
            }
        }

        if (!string.IsNullOrEmpty(order))
        {
            if (string.Equals(order, "desc", StringComparison.OrdinalIgnoreCase) || string.Equals(order, "asc", StringComparison.OrdinalIgnoreCase))
            {
                result = result with { Descending = string.Equals(order, "desc", StringComparison.OrdinalIgnoreCase) };
            }
            else
            {
                notes.Add("The sort order in the address is neither asc nor desc; sorting ascending.");
            }
        }

        return result;
    }

    /// <summary>Clicking a column: the first click sorts by it ascending, the next one descending.</summary>
    public ListPaging SortedBy(string key) =>
        string.Equals(Sort, key, StringComparison.Ordinal) ? this with { Descending = !Descending, Page = 1 } : this with { Sort = key, Descending = false, Page = 1 };

    /// <summary>The query parameters of this state; defaults are left out so that links stay short.</summary>
    public void AddTo(IDictionary<string, object?> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        query["page"] = Page == 1 ? null : Page.ToString(CultureInfo.InvariantCulture);
        query["size"] = Size == DefaultSize ? null : Size.ToString(CultureInfo.InvariantCulture);
        query["sort"] = Sort;
        query["order"] = Sort is null ? null : Descending ? "desc" : "asc";
    }
}
