using BootstrapPortal.Core.Tokens;
using BootstrapPortal.Web.Components.Tokens;

namespace BootstrapPortal.Web.Tests.Components;

public class TokenListViewTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static BootstrapTokenInfo Token(string id, TokenStatus status, string? node = null, string? description = null, int hours = 24, string[]? groups = null) =>
        new(id, "bootstrap-token-" + id, description, status == TokenStatus.NeverExpires ? null : Now.AddHours(hours),
            ["authentication", "signing"], groups ?? ["system:bootstrappers:kubeadm:default-node-token"], node, false, status,
            status == TokenStatus.Invalid ? "bad expiration" : null, Now.AddDays(-1), [], node is null ? [] : [node]);

    private static readonly BootstrapTokenInfo[] All =
    [
        Token("aaaaaa", TokenStatus.Valid, node: "worker-1", hours: 20),
        Token("bbbbbb", TokenStatus.Expired, hours: -1),
        Token("cccccc", TokenStatus.ExpiringSoon, description: "for the GPU pool", hours: 1),
        Token("dddddd", TokenStatus.Invalid),
        Token("eeeeee", TokenStatus.NeverExpires, groups: ["system:bootstrappers:ci"]),
        Token("ffffff", TokenStatus.Valid, node: "worker-2", hours: 5),
    ];

    private static readonly BootstrapTokenSnapshot Snapshot = new(All, Now, Now.AddHours(1), 1);

    private static string[] Ids(TokenListView view) => Snapshot.Query(view.ToListQuery()).Items.Select(t => t.Id).ToArray();

    [Fact]
    public void Without_filters_problems_come_first_then_soonest_expiry()
    {
        var ids = Ids(new TokenListView());
        Assert.Equal(["dddddd", "bbbbbb", "cccccc", "ffffff", "aaaaaa", "eeeeee"], ids);
    }

    [Theory]
    [InlineData("worker", new[] { "ffffff", "aaaaaa" })]
    [InlineData("GPU", new[] { "cccccc" })]
    [InlineData("system:bootstrappers:ci", new[] { "eeeeee" })]
    [InlineData("bbb", new[] { "bbbbbb" })]
    [InlineData("worker 2", new[] { "ffffff" })]
    [InlineData("nothing-matches", new string[0])]
    public void Search_matches_id_node_group_and_description(string search, string[] expected)
    {
        var view = new TokenListView { Search = search };
        Assert.Equal(expected, Ids(view));
    }

    [Fact]
    public void Status_filter_keeps_only_the_chosen_statuses()
    {
        var view = new TokenListView { Statuses = new HashSet<TokenStatus> { TokenStatus.Expired, TokenStatus.Invalid } };
        Assert.Equal(["dddddd", "bbbbbb"], Ids(view));
    }

    [Fact]
    public void Counts_every_status()
    {
        var counts = Snapshot.StatusCounts;
        Assert.Equal(2, counts[TokenStatus.Valid]);
        Assert.Equal(1, counts[TokenStatus.Invalid]);
        Assert.Equal(1, counts[TokenStatus.NeverExpires]);
    }

    [Theory]
    [InlineData("id", false, new[] { "aaaaaa", "bbbbbb", "cccccc", "dddddd", "eeeeee", "ffffff" })]
    [InlineData("expires", false, new[] { "bbbbbb", "cccccc", "ffffff", "aaaaaa", "dddddd", "eeeeee" })]
    [InlineData("expires", true, new[] { "eeeeee", "dddddd", "aaaaaa", "ffffff", "cccccc", "bbbbbb" })]
    [InlineData("status", true, new[] { "eeeeee", "aaaaaa", "ffffff", "cccccc", "bbbbbb", "dddddd" })]
    public void Sort_columns_of_the_address_order_the_snapshot(string sort, bool descending, string[] expected)
    {
        var view = new TokenListView { Paging = Web.Components.Shared.ListPaging.Default with { Sort = sort, Descending = descending } };
        Assert.Equal(expected, Ids(view));
    }

    [Fact]
    public void Terminating_only_keeps_the_tokens_being_deleted_with_their_status()
    {
        var terminating = All[0] with { DeletionRequestedAt = Now };
        var snapshot = new BootstrapTokenSnapshot([terminating, .. All[1..]], Now, Now.AddHours(1), 2);

        var page = snapshot.Query(new TokenListView { TerminatingOnly = true, Statuses = new HashSet<TokenStatus> { TokenStatus.Valid } }.ToListQuery());

        Assert.Equal(["aaaaaa"], page.Items.Select(t => t.Id));
        Assert.Equal(1, snapshot.TerminatingCount);
        Assert.Equal(2, snapshot.StatusCounts[TokenStatus.Valid]);
    }
}
