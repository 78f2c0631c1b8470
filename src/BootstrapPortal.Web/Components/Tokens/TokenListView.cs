using System.Globalization;
using BootstrapPortal.Core.Paging;
using BootstrapPortal.Core.Tokens;
using BootstrapPortal.Web.Components.Shared;

namespace BootstrapPortal.Web.Components.Tokens;

/// <summary>
/// The filter, search, sort and page of the tokens table as the query string carries them, and the
/// <see cref="TokenListQuery"/> of the shared snapshot they stand for (tested without rendering). A token whose Secret is being deleted (<c>deletionTimestamp</c> set, e.g. held by a
/// finalizer) is <em>terminating</em>, shown apart from its expiry status.
/// </summary>
public sealed class TokenListView
{
    /// <summary>The column keys of the address (<c>sort=</c>) and the snapshot's order each stands for.</summary>
    private static readonly Dictionary<string, TokenSortKey> Columns = new(StringComparer.Ordinal)
    {
        ["id"] = TokenSortKey.Name,
        ["status"] = TokenSortKey.Status,
        ["expires"] = TokenSortKey.Expires,
        ["created"] = TokenSortKey.Created,
        ["usedby"] = TokenSortKey.Usage,
    };

    public static readonly IReadOnlyCollection<string> SortKeys = Columns.Keys.ToArray();

    public IReadOnlySet<TokenStatus> Statuses { get; set; } = new HashSet<TokenStatus>();

    /// <summary>Only tokens whose Secret is terminating.</summary>
    public bool TerminatingOnly { get; set; }

    public string Search { get; set; } = string.Empty;

    public ListPaging Paging { get; set; } = ListPaging.Default;

    /// <summary>
    /// The snapshot query of the filters and order, for the rows from <paramref name="offset"/> (up to <paramref name="limit"/>);
    /// without a sort column the list's own order (problems first, then soonest expiry).
    /// </summary>
    public TokenListQuery ToListQuery(int offset = 0, int limit = ListLimits.DefaultLimit) => new()
    {
        Statuses = Statuses,
        TerminatingOnly = TerminatingOnly,
        Search = string.IsNullOrWhiteSpace(Search) ? null : Search,
        Sort = Paging.Sort is { } column && Columns.TryGetValue(column, out var key) ? key : TokenSortKey.Status,
        Direction = Paging.Sort is not null && Paging.Descending ? SortDirection.Descending : SortDirection.Ascending,
        Offset = offset,
        Limit = limit,
    };

    /// <summary>The page of <see cref="Paging"/> from <paramref name="snapshot"/>, moved to the last page when the list has fewer rows than its first.</summary>
    public TokenListPage PageOf(BootstrapTokenSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var page = snapshot.Query(ToListQuery(Paging.Offset, Paging.Size));
        var within = Paging.Within(page.Total);
        if (within != Paging)
        {
            Paging = within;
            page = snapshot.Query(ToListQuery(Paging.Offset, Paging.Size));
        }

        return page;
    }

    /// <summary>Reads the query string (<c>status=expired,invalid</c>, <c>terminating=true</c>, <c>q</c>, paging); bad values are ignored with a note.</summary>
    public static TokenListView Parse(string? status, string? terminating, string? search, string? page, string? size, string? sort, string? order, ICollection<string> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var view = new TokenListView
        {
            Statuses = QueryValues.EnumSet<TokenStatus>(status, "token status", notes),
            Search = QueryValues.Text(search, "search text", notes) ?? string.Empty,
            Paging = ListPaging.Parse(page, size, sort, order, SortKeys, notes),
        };
        if (!string.IsNullOrEmpty(terminating))
        {
            if (bool.TryParse(terminating, out var only))
            {
                view.TerminatingOnly = only;
            }
            else
            {
                notes.Add("The terminating filter in the address is neither true nor false; it is ignored.");
            }
        }

        return view;
    }

    public Dictionary<string, object?> ToQuery()
    {
        var query = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["status"] = Statuses.Count == 0 ? null : string.Join(',', Statuses.Order().Select(s => s.ToString())),
            ["terminating"] = TerminatingOnly ? "true" : null,
            ["q"] = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim(),
        };
        Paging.AddTo(query);
        return query;
    }

    /// <summary>The state as one comparable string (the page re-reads the address only when it differs).</summary>
    public string Key => string.Join('&', ToQuery().Where(kv => kv.Value is not null).Select(kv => kv.Key + "=" + Convert.ToString(kv.Value, CultureInfo.InvariantCulture)));

    /// <summary>Whether two pages of rows show the same: the same tokens in order, each with the same status, expiry and use.</summary>
    public static bool SameRows(IReadOnlyList<BootstrapTokenInfo> a, IReadOnlyList<BootstrapTokenInfo> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            var (x, y) = (a[i], b[i]);
            if (!ReferenceEquals(x, y) && (x.Id != y.Id || x.Status != y.Status || x.Expiration != y.Expiration || x.Description != y.Description
                || x.InvalidReason != y.InvalidReason || !x.UsedByCsrs.SequenceEqual(y.UsedByCsrs) || !x.JoinedNodes.SequenceEqual(y.JoinedNodes)
                || x.Terminating != y.Terminating || !x.ExtraGroups.SequenceEqual(y.ExtraGroups) || !x.Usages.SequenceEqual(y.Usages)))
            {
                return false;
            }
        }

        return true;
    }
}
