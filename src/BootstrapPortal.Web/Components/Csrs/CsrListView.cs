using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Web.Components.Shared;

namespace BootstrapPortal.Web.Components.Csrs;

/// <summary>
/// The CSR list page's state — filters, sort and page — as the query string carries it, as a <see cref="CsrListRequest"/>,
/// and the orders the list sorts by (tested without rendering).
/// </summary>
public sealed record CsrListView
{
    public static readonly IReadOnlyCollection<string> SortKeys = Enum.GetNames<CsrSortColumn>().Select(n => n.ToLowerInvariant()).ToArray();

    public CsrState? State { get; init; }

    public string? Signer { get; init; }

    public string? Requestor { get; init; }

    public string? Node { get; init; }

    public string? Search { get; init; }

    public ListPaging Paging { get; init; } = ListPaging.Default;

    public CsrSortColumn Sort => Paging.Sort is { } key && Enum.TryParse<CsrSortColumn>(key, ignoreCase: true, out var column) ? column : CsrSortColumn.Created;

    public CsrQuery Query => new(State, Blank(Signer), Blank(Requestor), Blank(Node), Blank(Search));

    public CsrListRequest Request => new(Query, Sort, Paging.Descending, Paging.Offset, Paging.Size);

    /// <summary>The same filters on the first page (a filter change starts over and clears the selection).</summary>
    public CsrListView Filtered(Func<CsrListView, CsrListView> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var next = change(this);
        return next with { Paging = next.Paging with { Page = 1 } };
    }

    /// <summary>Reads the query string's values; each value that does not parse is ignored with a note.</summary>
    public static CsrListView Parse(string? state, string? signer, string? requestor, string? node, string? search, string? page, string? size, string? sort, string? order, ICollection<string> notes) => new()
    {
        State = QueryValues.Enum<CsrState>(state, "state", notes),
        Signer = QueryValues.Text(signer, "signer", notes),
        Requestor = QueryValues.Text(requestor, "requestor", notes),
        Node = QueryValues.Text(node, "node", notes),
        Search = QueryValues.Text(search, "search text", notes),
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
        };
        Paging.AddTo(query);
        return query;
    }

    public static IReadOnlyList<string> Choices(IEnumerable<CsrEntry> entries, Func<CsrView, string?> field) =>
        entries.Select(e => field(e.View)).Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Pending first (they need a person), newest first within a state.</summary>
    public static IReadOnlyList<CsrEntry> Order(IEnumerable<CsrEntry> entries) => Order(entries, CsrSortColumn.Created, descending: false);

    /// <summary>
    /// The list in the order of <paramref name="column"/>; ties (and the default order) fall back to pending first, newest
    /// first, then the name, so that paging is stable.
    /// </summary>
    public static IReadOnlyList<CsrEntry> Order(IEnumerable<CsrEntry> entries, CsrSortColumn column, bool descending)
    {
        ArgumentNullException.ThrowIfNull(entries);
        IOrderedEnumerable<CsrEntry> ordered = column switch
        {
            CsrSortColumn.Name => By(entries, e => e.Name, descending),
            CsrSortColumn.Requestor => By(entries, e => e.View.Username, descending),
            CsrSortColumn.Node => By(entries, e => e.View.NodeName ?? string.Empty, descending),
            CsrSortColumn.Signer => By(entries, e => e.View.SignerName, descending),
            CsrSortColumn.State => descending ? entries.OrderByDescending(e => e.View.State) : entries.OrderBy(e => e.View.State),
            CsrSortColumn.Verdict => descending ? entries.OrderBy(e => e.Verdict.Result) : entries.OrderByDescending(e => e.Verdict.Result),
            CsrSortColumn.CertificateExpires => descending
                ? entries.OrderByDescending(e => e.View.CertificateNotAfter ?? DateTimeOffset.MinValue)
                : entries.OrderBy(e => e.View.CertificateNotAfter ?? DateTimeOffset.MaxValue),
            CsrSortColumn.DecidedAt => descending
                ? entries.OrderBy(e => e.View.DecidedAt ?? DateTimeOffset.MaxValue)
                : entries.OrderByDescending(e => e.View.DecidedAt ?? DateTimeOffset.MinValue),
            _ => descending
                ? entries.OrderBy(e => e.View.State == CsrState.Pending ? 1 : 0).ThenBy(e => e.View.CreatedAt ?? DateTimeOffset.MaxValue)
                : entries.OrderBy(e => e.View.State == CsrState.Pending ? 0 : 1).ThenByDescending(e => e.View.CreatedAt ?? DateTimeOffset.MinValue),
        };
        return ordered.ThenByDescending(e => e.View.CreatedAt ?? DateTimeOffset.MinValue).ThenBy(e => e.Name, StringComparer.Ordinal).ToArray();
    }

    private static IOrderedEnumerable<CsrEntry> By(IEnumerable<CsrEntry> entries, Func<CsrEntry, string> key, bool descending) =>
        descending ? entries.OrderByDescending(key, StringComparer.Ordinal) : entries.OrderBy(key, StringComparer.Ordinal);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
