using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Web.Components.Csrs;

namespace BootstrapPortal.Web.Tests.Components;

public class CsrListViewTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static CsrEntry Entry(string name, CsrState state, int minutesAgo, string signer = "kubernetes.io/kube-apiserver-client-kubelet", string user = "system:bootstrap:abcdef", string? node = "worker-1") =>
        new(
            new CsrView { Name = name, State = state, CreatedAt = T0.AddMinutes(-minutesAgo), SignerName = signer, Username = user, NodeName = node, CommonName = node is null ? null : "system:node:" + node },
            new CsrVerdict(CsrVerdictResult.Pass, [], new AutoApprovalPrediction(false, [], null, null, "n/a")));

    private static readonly CsrEntry[] All =
    [
        Entry("old-issued", CsrState.Issued, 50),
        Entry("new-pending", CsrState.Pending, 1, signer: "kubernetes.io/kubelet-serving", user: "system:node:worker-2", node: "worker-2"),
        Entry("old-pending", CsrState.Pending, 30),
        Entry("denied", CsrState.Denied, 5, node: null),
    ];

    [Fact]
    public void Pending_first_then_newest()
    {
        Assert.Equal(["new-pending", "old-pending", "denied", "old-issued"], CsrListView.Order(All).Select(e => e.Name).ToArray());
    }

    [Fact]
    public void Select_choices_are_distinct_sorted_and_skip_blanks()
    {
        Assert.Equal(["worker-1", "worker-2"], CsrListView.Choices(All, v => v.NodeName).ToArray());
        Assert.Equal(["kubernetes.io/kube-apiserver-client-kubelet", "kubernetes.io/kubelet-serving"], CsrListView.Choices(All, v => v.SignerName).ToArray());
    }

    [Theory]
    [InlineData(CsrState.Pending, null, null, null, null, new[] { "new-pending", "old-pending" })]
    [InlineData(null, "kubernetes.io/kubelet-serving", null, null, null, new[] { "new-pending" })]
    [InlineData(null, null, "system:bootstrap:abcdef", "worker-1", null, new[] { "old-issued", "old-pending" })]
    [InlineData(null, "  ", "", null, "denied", new[] { "denied" })]
    public void Filters_combine(CsrState? state, string? signer, string? requestor, string? node, string? search, string[] expected)
    {
        var view = new CsrListView { State = state, Signer = signer, Requestor = requestor, Node = node, Search = search };
        var query = view.Query;
        Assert.Equal(expected.Order(StringComparer.Ordinal).ToArray(), All.Where(e => query.Matches(e.View)).Select(e => e.Name).Order(StringComparer.Ordinal).ToArray());
    }
}
