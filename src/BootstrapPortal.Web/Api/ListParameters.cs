using System.Globalization;
using BootstrapPortal.Core.Paging;

namespace BootstrapPortal.Web.Api;

/// <summary>The parsed paging parameters of one list request (<see cref="ApiPaging.TryParse"/>); <see cref="Paged"/> when <c>limit</c> or <c>continue</c> was given.</summary>
public sealed record ListParameters<TKey>(bool Paged, int Limit, TKey Sort, SortDirection Direction, ListCursor? After)
    where TKey : struct, Enum
{
    /// <summary>
    /// The answer from <paramref name="page"/> (one cut of one snapshot, starting after the cursor it is given): one page in
    /// the paged form, or every row, cut by cut, as the bare array with <see cref="ApiPaging.TotalCountHeader"/>.
    /// </summary>
    public IResult Answer<TRow, TItem>(HttpContext http, Func<ListCursor?, (IReadOnlyList<TRow> Items, int Total, ListCursor? Next)> page,
        Func<TRow, TItem> map)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(map);
        if (Paged)
        {
            var (items, total, next) = page(After);
            return Respond(http, items.Select(map).ToArray(), total, next);
        }

        var all = ApiPaging.All(after =>
        {
            var (items, _, next) = page(after);
            return (items, next);
        });
        return Respond(http, all.Select(map).ToArray(), all.Count, null);
    }

    /// <summary>The answer: the paged form, or (unpaged) the bare array with <see cref="ApiPaging.TotalCountHeader"/>.</summary>
    public IResult Respond<TItem>(HttpContext http, IReadOnlyList<TItem> items, int total, ListCursor? next)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (Paged)
        {
            return Results.Ok(new ListPageResponse<TItem>(items, total, next?.Encode()));
        }

        http.Response.Headers[ApiPaging.TotalCountHeader] = total.ToString(CultureInfo.InvariantCulture);
        return Results.Ok(items);
    }
}
