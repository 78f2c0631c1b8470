using System.Globalization;
using BootstrapPortal.Core.Paging;
using BootstrapPortal.Core.Parsing;

namespace BootstrapPortal.Web.Api;

/// <summary>
/// The paging parameters every list endpoint takes, parsed totally (a 400 problem naming the parameter, never an echo of the
/// input): <c>limit</c> (1 to <see cref="ListLimits.MaxLimit"/>), <c>continue</c> (the opaque token of the previous page),
/// <c>sort</c> (one of the endpoint's keys, case-insensitive) and <c>order</c> (<c>asc</c> or <c>desc</c>). A token carries
/// its sort and order, so the next page needs only <c>continue</c> (and <c>limit</c>); a <c>sort</c> or <c>order</c> that
/// contradicts the token is refused. Without <c>limit</c> and <c>continue</c> an endpoint answers its whole list as a bare
/// array, as before paging existed.
/// </summary>
public static class ApiPaging
{
    /// <summary>The response header that carries the number of rows of an unpaged (bare array) answer.</summary>
    public const string TotalCountHeader = "X-Total-Count";

    public static bool TryParse<TKey>(string? limit, string? continueToken, string? sort, string? order, TKey defaultSort, SortDirection defaultDirection,
        out ListParameters<TKey> parameters, out IResult? error)
        where TKey : struct, Enum
    {
        parameters = new ListParameters<TKey>(false, ListLimits.MaxLimit, defaultSort, defaultDirection, null);
        error = null;
        var paged = !string.IsNullOrEmpty(limit) || !string.IsNullOrEmpty(continueToken);
        var count = ListLimits.DefaultLimit;
        if (!string.IsNullOrEmpty(limit)
            && !(limit.Length <= 4 && limit.All(char.IsAsciiDigit) && int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count)
                && count is >= 1 and <= ListLimits.MaxLimit))
        {
            error = PortalApiErrors.Invalid("limit", $"Expected a whole number from 1 to {ListLimits.MaxLimit}.");
            return false;
        }

        TKey? key = null;
        if (!string.IsNullOrEmpty(sort))
        {
            if (!EnumNames.TryParse<TKey>(sort, out var parsed))
            {
                error = PortalApiErrors.Invalid("sort", $"Expected one of {EnumNames.List<TKey>()}.");
                return false;
            }

            key = parsed;
        }

        SortDirection? direction = null;
        if (!string.IsNullOrEmpty(order))
        {
            if (string.Equals(order, "asc", StringComparison.OrdinalIgnoreCase))
            {
                direction = SortDirection.Ascending;
            }
            else if (string.Equals(order, "desc", StringComparison.OrdinalIgnoreCase))
            {
                direction = SortDirection.Descending;
            }
            else
            {
                error = PortalApiErrors.Invalid("order", "Expected asc or desc.");
                return false;
            }
        }

        ListCursor? cursor = null;
        if (!string.IsNullOrEmpty(continueToken))
        {
            if (!ListCursor.TryDecode(continueToken, out cursor) || cursor is null || !EnumNames.TryParse<TKey>(cursor.Sort, out var cursorKey))
            {
                error = PortalApiErrors.Invalid("continue", "Not a continue token of this list; pass the one the previous page returned.");
                return false;
            }

            if ((key is { } k && !EqualityComparer<TKey>.Default.Equals(k, cursorKey)) || (direction is { } d && d != cursor.Direction))
            {
                error = PortalApiErrors.Invalid("continue", "The token was made for another sort or order; pass the same ones as the first page, or none.");
                return false;
            }

            key = cursorKey;
            direction = cursor.Direction;
        }

        parameters = new ListParameters<TKey>(paged, paged ? count : ListLimits.MaxLimit, key ?? defaultSort, direction ?? defaultDirection, cursor);
        return true;
    }

    /// <summary>
    /// Every row of a list, page by page through <paramref name="page"/> (which takes the cursor to start after), for the
    /// unpaged form: the same order and filter as the paged one, and never more than <see cref="ListLimits.MaxLimit"/> per cut.
    /// </summary>
    public static IReadOnlyList<TItem> All<TItem>(Func<ListCursor?, (IReadOnlyList<TItem> Items, ListCursor? Next)> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var all = new List<TItem>();
        ListCursor? after = null;
        do
        {
            var (items, next) = page(after);
            all.AddRange(items);
            after = next;
        }
        while (after is not null);
        return all;
    }
}
