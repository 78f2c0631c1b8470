using BootstrapPortal.Web.Components.Shared;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;

namespace BootstrapPortal.Web.Tests.Components;

/// <summary>
/// The address-bar follower of the list pages: it calls the browser's <c>Blazor.navigateTo</c> and awaits it, a failure is
/// logged and never thrown, and the location the browser reports back is recognised once as the page's own.
/// </summary>
public sealed class ListUrlTests
{
    private static (BunitContext Context, ListUrl Url, NavigationManager Navigation) Create()
    {
        var ctx = ComponentTestContext.Create();
        return (ctx, ctx.Services.GetRequiredService<ListUrl>(), ctx.Services.GetRequiredService<NavigationManager>());
    }

    [Fact]
    public async Task A_replace_calls_the_browser_with_the_query_and_replaces_the_history_entry()
    {
        var (ctx, url, navigation) = Create();
        await using var _ = ctx;
        ctx.JSInterop.SetupVoid("Blazor.navigateTo", _ => true).SetVoidResult();

        await url.ReplaceAsync(new Dictionary<string, object?> { ["q"] = "node-1", ["page"] = null });

        var call = Assert.Single(ctx.JSInterop.Invocations, i => i.Identifier == "Blazor.navigateTo");
        Assert.Equal(navigation.GetUriWithQueryParameter("q", "node-1"), call.Arguments[0]);
        Assert.Contains("replaceHistoryEntry = True", call.Arguments[1]!.ToString(), StringComparison.Ordinal);

        // The same address again is not sent twice.
        await url.ReplaceAsync(new Dictionary<string, object?> { ["q"] = "node-1" });
        Assert.Single(ctx.JSInterop.Invocations, i => i.Identifier == "Blazor.navigateTo");
    }

    public static TheoryData<Exception> Failures() => new()
    {
        new TaskCanceledException("timed out"),
        new JSDisconnectedException("gone"),
        new JSException("refused"),
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_failing_browser_call_is_not_thrown_and_leaves_no_echo_pending(Exception failure)
    {
        var (ctx, url, navigation) = Create();
        await using var _ = ctx;
        ctx.JSInterop.SetupVoid("Blazor.navigateTo", _ => true).SetException(failure);

        await url.GoAsync(navigation.GetUriWithQueryParameter("page", 3), replace: false);

        Assert.False(url.IsOwnEcho());
        // Nothing is pending, so the same address is sent again on the next try.
        await url.GoAsync(navigation.GetUriWithQueryParameter("page", 3), replace: false);
        Assert.Equal(2, ctx.JSInterop.Invocations.Count(i => i.Identifier == "Blazor.navigateTo"));
    }

    [Fact]
    public async Task The_echo_of_each_address_it_wrote_is_recognised_once_and_a_foreign_location_is_news()
    {
        var (ctx, url, navigation) = Create();
        await using var _ = ctx;
        ctx.JSInterop.SetupVoid("Blazor.navigateTo", _ => true).SetVoidResult();
        var first = navigation.GetUriWithQueryParameter("q", "a");
        var second = navigation.GetUriWithQueryParameter("q", "ab");
        await url.GoAsync(first, replace: true);
        await url.GoAsync(second, replace: true);

        // The browser reports the first address after the second was written: it is the page's own, not news.
        navigation.NavigateTo(first);
        Assert.True(url.IsOwnEcho());
        Assert.False(url.IsOwnEcho());
        navigation.NavigateTo(second);
        Assert.True(url.IsOwnEcho());

        // Back in the browser's history: a location the page did not write is news.
        navigation.NavigateTo(navigation.GetUriWithQueryParameter("q", "other"));
        Assert.False(url.IsOwnEcho());
    }
}
