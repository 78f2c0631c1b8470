using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Paging;
using BootstrapPortal.Core.Text;
using BootstrapPortal.Web.Components.Csrs;
using BootstrapPortal.Web.Components.Shared;

namespace BootstrapPortal.Web.Tests.Components;

/// <summary>The CSR list's state in the query string: read totally, written back short, and turned into the catalogue's query.</summary>
public class CsrListViewTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static CsrEntry Entry(string name, CsrState state, int minutesAgo, string signer = "kubernetes.io/kube-apiserver-client-kubelet", string user = "system:bootstrap:abcdef", string? node = "worker-1") =>
        new(
            new CsrView { Name = name, State = state, CreatedAt = T0.AddMinutes(-minutesAgo), SignerName = signer, Username = user, NodeName = node, CommonName = node is null ? null : "system:node:" + node },
            new CsrVerdict(CsrVerdictResult.Pass, [], new AutoApprovalPrediction(false, [], null, null, CommonText.Plain("n/a"))));

    private static readonly CsrEntry[] All =
    [
        Entry("old-issued", CsrState.Issued, 50),
        Entry("new-pending", CsrState.Pending, 1, signer: "kubernetes.io/kubelet-serving", user: "system:node:worker-2", node: "worker-2"),
        Entry("old-pending", CsrState.Pending, 30),
        Entry("denied", CsrState.Denied, 5, node: null),
    ];

    [Theory]
    [InlineData(CsrState.Pending, null, null, null, null, new[] { "new-pending", "old-pending" })]
    [InlineData(null, "kubernetes.io/kubelet-serving", null, null, null, new[] { "new-pending" })]
    [InlineData(null, null, "system:bootstrap:abcdef", "worker-1", null, new[] { "old-issued", "old-pending" })]
    [InlineData(null, "  ", "", null, "denied", new[] { "denied" })]
    public void Filters_combine(CsrState? state, string? signer, string? requestor, string? node, string? search, string[] expected)
    {
        var view = new CsrListView { State = state, Signer = signer, Requestor = requestor, Node = node, Search = search };
        var filter = view.Request.Query.Filter;
        Assert.Equal(expected.Order(StringComparer.Ordinal).ToArray(), All.Where(filter.Matches).Select(e => e.Name).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void The_query_string_round_trips_and_defaults_stay_out_of_it()
    {
        var notes = new List<string>();
        var view = CsrListView.Parse("pending", "kubernetes.io/kubelet-serving", null, "worker-7", " gpu ", "3", "50", "Requestor", "asc", notes);
        Assert.Empty(notes);
        Assert.Equal(CsrState.Pending, view.State);
        Assert.Equal(new ListPaging(3, 50, "requestor", false), view.Paging);
        var query = view.Request.Query;
        Assert.Equal((CsrSortKey.Requestor, SortDirection.Ascending, 100, 50), (query.Sort, query.Direction, query.Offset, query.Limit));
        Assert.Equal("gpu", query.Search);

        var written = view.ToQuery();
        Assert.Equal("Pending", written["state"]);
        Assert.Equal("3", written["page"]);
        Assert.Equal("requestor", written["sort"]);
        Assert.Null(written["requestor"]);

        var defaults = new CsrListView().ToQuery();
        Assert.All(defaults.Values, Assert.Null);
        Assert.Equal((CsrSortKey.Created, SortDirection.Descending, 0, 25), (new CsrListView().Request.Query.Sort, new CsrListView().Request.Query.Direction, 0, 25));
    }

    [Theory]
    [InlineData("state", "Approved%27;--")]
    [InlineData("state", "1")]
    [InlineData("page", "-2")]
    [InlineData("page", "99999999999999")]
    [InlineData("size", "7")]
    [InlineData("sort", "password")]
    [InlineData("order", "sideways")]
    [InlineData("q", "\u0001")]
    public void A_bad_value_is_ignored_with_a_note_that_names_it_and_never_repeats_it(string parameter, string value)
    {
        var notes = new List<string>();
        string? Get(string name) => name == parameter ? value : null;
        var view = CsrListView.Parse(Get("state"), null, null, null, Get("q"), Get("page"), Get("size"), Get("sort"), Get("order"), notes);

        var note = Assert.Single(notes);
        Assert.DoesNotContain(value, note, StringComparison.Ordinal);
        Assert.Null(view.State);
        Assert.Null(view.Search);
        Assert.Equal(ListPaging.Default, view.Paging with { Descending = false });
    }

    [Fact]
    public void A_filter_change_starts_on_the_first_page_and_sorting_toggles_the_direction()
    {
        var view = new CsrListView { Paging = new ListPaging(4, 25, "name", false) };
        Assert.Equal(1, view.Filtered(v => v with { Search = "x" }).Paging.Page);
        Assert.Equal(new ListPaging(1, 25, "name", true), view.Paging.SortedBy("name"));
        Assert.Equal(new ListPaging(1, 25, "verdict", false), view.Paging.SortedBy("verdict"));
        Assert.Equal(3, new ListPaging(9, 25, null, false).Within(60).Page);
    }

    [Theory]
    [InlineData("system:bootstrap:abcdef", "abcdef")]
    [InlineData("system:bootstrap:ABCDEF", null)]
    [InlineData("system:bootstrap:abc", null)]
    [InlineData("system:node:worker-1", null)]
    [InlineData(null, null)]
    public void A_requester_that_is_a_bootstrap_token_links_to_the_token(string? username, string? tokenId)
    {
        Assert.Equal(tokenId, CsrListLinks.BootstrapTokenId(username));
    }
}
