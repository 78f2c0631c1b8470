using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Csrs.Serving;
using BootstrapPortal.Core.Paging;
using BootstrapPortal.Web.Components.Csrs;
using BootstrapPortal.Web.Components.Pages;
using BootstrapPortal.Web.Components.Shared;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Web.Tests.Components;

/// <summary>
/// The CSR page over the real portal's shared catalogue with 5,000 CSRs: it renders one page of rows, and re-renders only
/// when the rows it shows (or its counts) changed, at most once per second of its clock (a manual one here, so the test
/// counts renders instead of timing them).
/// </summary>
public sealed partial class CsrListRenderTests(FleetPortalFixture fleet) : IClassFixture<FleetPortalFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);

    private BunitContext Context(Action<IServiceCollection>? more = null) => ComponentTestContext.Create(services =>
    {
        var portal = fleet.Server.Services;
        services.AddSingleton(portal.GetRequiredService<ClusterCache>());
        services.AddSingleton(portal.GetRequiredService<CsrCatalog>());
        services.AddSingleton(portal.GetRequiredService<ICsrListSource>());
        services.AddSingleton(portal.GetRequiredService<ICsrApprovalService>());
        services.AddSingleton(portal.GetRequiredService<IServingPolicyStore>());
        services.AddSingleton<TimeProvider>(_clock);
        services.AddScoped<BrowserFiles>();
        more?.Invoke(services);
    });

    [Fact]
    public async Task The_page_renders_one_page_of_rows_of_the_whole_fleet()
    {
        await using var ctx = Context();
        var cut = ctx.Render<CertificateRequests>();

        var rows = cut.FindAll("[data-testid=csr-table] tbody tr");
        Assert.Equal(ListPaging.DefaultSize, rows.Count);
        Assert.Contains($"of {fleet.Catalog.Snapshot.Entries.Count:N0}", cut.Find("[data-testid=page-range]").TextContent, StringComparison.Ordinal);
        Assert.True(fleet.Catalog.Snapshot.Entries.Count >= FleetPortalFixture.Csrs);
    }

    [Fact]
    public async Task A_change_to_a_request_on_another_page_renders_nothing_and_one_on_the_page_renders_once()
    {
        await using var ctx = Context();
        var cut = ctx.Render<CertificateRequests>();
        var refresh = cut.Instance.LiveRefresh!;
        await SettleAsync(refresh);
        var shown = cut.FindAll("[data-testid=csr-link]").Select(a => a.TextContent.Trim()).ToHashSet(StringComparer.Ordinal);
        var elsewhere = fleet.Catalog.Query(new CsrListQuery { Direction = SortDirection.Ascending, Limit = 1 }).Items[0].Name;
        Assert.DoesNotContain(elsewhere, shown);

        var before = DataRenders(cut);
        var looked = refresh.Refreshes;
        await fleet.RelabelAsync(elsewhere, "elsewhere");
        await WaitAsync(refresh, () => refresh.Refreshes > looked && refresh.IsIdle, "the page looked at the change");
        Assert.True(before == DataRenders(cut), Describe(cut, before));

        looked = refresh.Refreshes;
        var onPage = shown.First();
        await fleet.RelabelAsync(onPage, "on-page");
        await WaitAsync(refresh, () => refresh.Refreshes > looked && refresh.IsIdle, "the page looked at its own row's change");
        Assert.True(before + 1 == DataRenders(cut), Describe(cut, before));
    }

    [Fact]
    public async Task A_burst_of_a_hundred_changes_to_shown_rows_renders_at_most_twice()
    {
        await using var ctx = Context();
        var cut = ctx.Render<CertificateRequests>();
        var refresh = cut.Instance.LiveRefresh!;
        await SettleAsync(refresh);
        var shown = cut.FindAll("[data-testid=csr-link]").Select(a => a.TextContent.Trim()).ToArray();
        var before = DataRenders(cut);

        // 100 changes in a row, while the page's clock stands still: the first is shown at once, the rest wait for the throttle.
        await Parallel.ForEachAsync(Enumerable.Range(0, 100), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => await fleet.RelabelAsync(shown[i % shown.Length], "burst-" + i));
        await WaitAsync(refresh, () => DataRenders(cut) > before, "the page showed the burst");
        await SettleAsync(refresh);

        var renders = DataRenders(cut) - before;
        Assert.True(renders is >= 1 and <= 2, Describe(cut, before));
        Assert.Equal(ListPaging.DefaultSize, cut.FindAll("[data-testid=csr-table] tbody tr").Count);
    }

    [Fact]
    public async Task A_search_shows_its_rows_and_keeps_the_circuit_when_the_address_bar_update_times_out_or_never_answers()
    {
        await using var ctx = Context();
        ctx.JSInterop.SetupVoid("Blazor.navigateTo", i => UriHas(i, "q=") && !UriHas(i, "sort=name")).SetException(new TaskCanceledException("the browser did not answer in time"));
        ctx.JSInterop.SetupVoid("Blazor.navigateTo", i => UriHas(i, "sort=name"));
        var cut = ctx.Render<CertificateRequests>();
        var entries = fleet.Catalog.Snapshot.Entries;
        var term = entries[entries.Count / 2].Name;
        var search = cut.FindComponents<MudBlazor.MudTextField<string>>().Single(f => f.Markup.Contains("csr-search", StringComparison.Ordinal));

        // A keystroke's value after the debounce: the failing address-bar update must not surface, and the rows are the search's.
        await cut.InvokeAsync(() => search.Instance.ValueChanged.InvokeAsync(term));

        var expected = fleet.Catalog.Query(new CsrListQuery { Search = term, Limit = ListLimits.MaxLimit }).Items.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Contains(term, expected);
        Assert.Equal(expected, Shown(cut));
        Assert.Single(ctx.JSInterop.Invocations, i => i.Identifier == "Blazor.navigateTo" && UriHas(i, "q=" + term));

        // The page still answers: a sort whose address-bar update never completes (a stalled browser) is shown as well.
        var sort = cut.FindComponents<SortHeader>().Single(h => h.Instance.Key == "name");
        var stalled = cut.InvokeAsync(() => sort.Instance.OnSort.InvokeAsync("name"));
        cut.WaitForAssertion(() => Assert.Equal("ascending", cut.Find("[data-testid=sort-name]").GetAttribute("data-sort")), Patience);
        Assert.Equal(expected, Shown(cut));
        Assert.False(stalled.IsCompleted);
        Assert.Contains(ctx.JSInterop.Invocations, i => i.Identifier == "Blazor.navigateTo" && UriHas(i, "sort=name") && UriHas(i, "q=" + term));
    }

    private static bool UriHas(JSRuntimeInvocation invocation, string part) =>
        invocation.Arguments.Count > 0 && invocation.Arguments[0] is string uri && uri.Contains(part, StringComparison.Ordinal);

    private static HashSet<string> Shown(IRenderedComponent<CertificateRequests> cut) =>
        cut.FindAll("[data-testid=csr-link]").Select(a => a.TextContent.Trim()).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The page's own renders for data: all of them but the relative-time tick's. (bUnit's RenderCount also counts the
    /// renders of child components, such as MudBlazor's inputs, which re-render themselves.)
    /// </summary>
    private static int DataRenders(IRenderedComponent<CertificateRequests> cut) => cut.Instance.Renders - cut.Instance.ClockRenders;

    private static string Describe(IRenderedComponent<CertificateRequests> cut, int before) =>
        $"data renders {DataRenders(cut)} (before {before}), page renders {cut.Instance.Renders}, tick renders {cut.Instance.ClockRenders}, refreshes {cut.Instance.LiveRefresh!.Refreshes}";

    /// <summary>
    /// Moves the page's clock past the throttle whenever a refresh is due, until none is running or due, so everything
    /// seen so far was looked at. The clock moves only when the throttle waits, by its interval, so the 30 s tick of the
    /// relative times stays out of the count.
    /// </summary>
    private async Task SettleAsync(CacheRefresh refresh)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!refresh.IsIdle)
        {
            Assert.True(DateTime.UtcNow < deadline, "the page's refresh settled");
            if (refresh.IsWaiting)
            {
                _clock.Advance(CsrListLinks.RefreshInterval);
            }

            await Task.Delay(10);
        }
    }

    private async Task WaitAsync(CacheRefresh refresh, Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, what);
            if (refresh.IsWaiting)
            {
                _clock.Advance(CsrListLinks.RefreshInterval);
            }

            await Task.Delay(10);
        }
    }
}
