using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Paging;
using BootstrapPortal.Web.Components.Shared;

namespace BootstrapPortal.Web.Components.Csrs;

/// <summary>
/// The CSR list page's state — filters, sort and page — as the query string carries it, as a <see cref="CsrListRequest"/>,
/// (tested without rendering).
/// </summary>
public sealed record CsrListView
{
    public static readonly IReadOnlyCollection<string> SortKeys = Enum.GetNames<CsrSortKey>().Select(n => n.ToLowerInvariant()).ToArray();

    public CsrState? State { get; init; }

    public string? Signer { get; init; }

    public string? Requestor { get; init; }

    public string? Node { get; init; }

    public string? Search { get; init; }

    /// <summary>Only requests with this verdict (the Overview links to pending requests that fail).</summary>
    public CsrVerdictResult? Verdict { get; init; }

    public ListPaging Paging { get; init; } = ListPaging.Default;

    /// <summary>The column sorted by; without one, newest first.</summary>
    public CsrSortKey Sort => Paging.Sort is { } key && Enum.TryParse<CsrSortKey>(key, ignoreCase: true, out var column) ? column : CsrSortKey.Created;

    public SortDirection Direction => Paging.Sort is null || Paging.Descending ? SortDirection.Descending : SortDirection.Ascending;

    /// <summary>The filters alone (a change of them clears the selection).</summary>
    public CsrListView Filters => this with { Paging = ListPaging.Default };

    public CsrListRequest Request => new(new CsrListQuery
    {
        States = State is { } s ? new HashSet<CsrState> { s } : null,
        Signer = Blank(Signer),
        Requestor = Blank(Requestor),
        Node = Blank(Node),
        Search = Blank(Search),
        Verdicts = Verdict is { } v ? new HashSet<CsrVerdictResult> { v } : null,
        Sort = Sort,
        Direction = Direction,
        Offset = Paging.Offset,
        Limit = Paging.Size,
    });

    /// <summary>The same filters on the first page (a filter change starts over and clears the selection).</summary>
    public CsrListView Filtered(Func<CsrListView, CsrListView> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var next = change(this);
        return next with { Paging = next.Paging with { Page = 1 } };
    }

    /// <summary>Reads the query string's values; each value that does not parse is ignored with a note.</summary>
    public static CsrListView Parse(string? state, string? signer, string? requestor, string? node, string? search, string? page, string? size, string? sort, string? order, ICollection<string> notes, string? verdict = null) => new()
    {
        State = QueryValues.Enum<CsrState>(state, "state", notes),
        Signer = QueryValues.Text(signer, "signer", notes),
        Requestor = QueryValues.Text(requestor, "requestor", notes),
        Node = QueryValues.Text(node, "node", notes),
        Search = QueryValues.Text(search, "search text", notes),
        Verdict = QueryValues.Enum<CsrVerdictResult>(verdict, "verdict", notes),
        Paging = ListPaging.Parse(page, size, sort, order, SortKeys, notes),
    };

    /// <summary>The query parameters of this state (defaults left out).</summary>
    public Dictionary<string, object?> ToQuery()
    {
        var query = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["state"] = State?.ToString(),
            ["signer"] = Blank(Signer),
            ["requestor"] = Blank(Requestor),
            ["node"] = Blank(Node),
            ["q"] = Blank(Search),
            ["verdict"] = Verdict?.ToString(),
        };
        Paging.AddTo(query);
        return query;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
