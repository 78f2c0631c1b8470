using System.Globalization;
using BootstrapPortal.Core.Paging;

namespace BootstrapPortal.Web.Api;

/// <summary>The parsed paging parameters of one list request (<see cref="ApiPaging.TryParse"/>); <see cref="Paged"/> when <c>limit</c> or <c>continue</c> was given.</summary>
public sealed record ListParameters<TKey>(bool Paged, int Limit, TKey Sort, SortDirection Direction, ListCursor? After)
    where TKey : struct, Enum
{
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
