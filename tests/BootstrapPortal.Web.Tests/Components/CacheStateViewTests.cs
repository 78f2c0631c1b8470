using BootstrapPortal.Core.Cache;
using BootstrapPortal.Web.Components.Shared;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace BootstrapPortal.Web.Tests.Components;

public class CacheStateViewTests
{
    private static CacheStatus Status(CacheState state, int count = 0, string? error = null, bool listedBefore = false) =>
        new("certificatesigningrequests", state, count, "42", listedBefore ? DateTimeOffset.UnixEpoch : null, error, 0, 0);

    private static IRenderedComponent<CacheStateView> Render(BunitContext ctx, CacheStatus status) =>
        ctx.Render<CacheStateView>(p => p
            .Add(c => c.Status, status)
            .Add(c => c.EmptyText, "No requests.")
            .Add(c => c.ChildContent, (RenderFragment)(b => b.AddMarkupContent(0, "<p id=content>rows</p>"))));

    [Fact]
    public async Task Loading_before_the_first_list()
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = Render(ctx, Status(CacheState.Starting));
        Assert.NotNull(cut.Find("[data-testid=state-loading]"));
        Assert.Empty(cut.FindAll("#content"));
    }

    [Fact]
    public async Task Error_with_the_reason_and_no_content_when_never_listed()
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = Render(ctx, Status(CacheState.Starting, error: "HTTP 403 Forbidden: <b>nope</b>"));
        var alert = cut.Find("[data-testid=state-error]");
        Assert.Contains("HTTP 403 Forbidden: <b>nope</b>", alert.TextContent, StringComparison.Ordinal);
        Assert.Empty(alert.QuerySelectorAll("b"));
        Assert.Empty(cut.FindAll("#content"));
    }

    [Fact]
    public async Task Error_keeps_showing_the_last_content_when_it_was_listed()
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = Render(ctx, Status(CacheState.Reconnecting, count: 4, error: "connection refused", listedBefore: true));
        Assert.NotNull(cut.Find("[data-testid=state-error]"));
        Assert.NotNull(cut.Find("#content"));
    }

    [Fact]
    public async Task Empty_when_synced_with_nothing()
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = Render(ctx, Status(CacheState.Synced));
        Assert.Contains("No requests.", cut.Find("[data-testid=state-empty]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Content_when_synced_with_items()
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = Render(ctx, Status(CacheState.Synced, count: 2));
        Assert.NotNull(cut.Find("#content"));
    }
}
