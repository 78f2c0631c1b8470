using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace BootstrapPortal.Browser.Tests;

/// <summary>
/// The list pages in Chromium over a preloaded fleet: one page of rows rendered, search and sort applied on the server,
/// the filters kept in the address across a reload, a terminating token shown as such, and no page wider than a phone.
/// </summary>
public sealed partial class ListPageTests(FleetBrowserFixture fleet) : IClassFixture<FleetBrowserFixture>
{
    private static readonly LocatorAssertionsToHaveCountOptions Slow = new() { Timeout = 120_000 };

    [Fact]
    public async Task The_csr_page_shows_one_page_of_the_fleet_searches_sorts_and_restores_its_filters_from_the_address()
    {
        await using var context = await fleet.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var page = await fleet.OpenAsync(context, "/csrs");
        var rows = page.Locator("[data-testid=csr-table] tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(25, Slow);
        await Assertions.Expect(page.Locator("[data-testid=page-range]")).ToHaveTextAsync(new Regex(@"^1–25 of [0-9,]+$"), new LocatorAssertionsToHaveTextOptions { Timeout = 120_000 });
        var total = int.Parse(PageRange().Match(await page.Locator("[data-testid=page-range]").InnerTextAsync()).Groups[1].Value.Replace(",", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(total >= FleetBrowserFixture.Csrs, $"the list holds {total} CSRs");

        // The row actions stay visible without scrolling sideways at 1440 px.
        var open = page.Locator("[data-testid=csr-open]").First;
        var box = await open.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X + box.Width <= 1440, $"the open button ends at {box.X + box.Width}px");

        // Sorting by name is done on the server and lands in the address. Clicked on a connected circuit, and clicked again
        // only when the connection dropped before the page took it (a second click of a taken sort would reverse it).
        var sortName = page.Locator("[data-testid=sort-name]");
        await CircuitInput.ActAsync(
            page,
            async () =>
            {
                if (await sortName.GetAttributeAsync("data-sort") != "ascending")
                {
                    await sortName.ClickAsync();
                }
            },
            timeout => page.WaitForURLAsync(new Regex("sort=name"), new PageWaitForURLOptions { Timeout = timeout }),
            "sorting by name");
        await Assertions.Expect(sortName).ToHaveAttributeAsync("data-sort", "ascending");
        await Assertions.Expect(sortName).ToContainTextAsync("sorted ascending");
        var names = await page.Locator("[data-testid=csr-link]").AllInnerTextsAsync();
        Assert.Equal(names.Order(StringComparer.Ordinal).ToArray(), names.ToArray());

        // A search filters the rows (a fleet node's name) and is kept in the address.
        var node = (await page.Locator("[data-testid=csr-node-link]").First.InnerTextAsync()).Trim();
        var search = page.Locator("input[data-testid=csr-search], [data-testid=csr-search] input");
        await CircuitInput.ActAsync(
            page,
            () => search.FillAsync(node),
            timeout => page.WaitForURLAsync(new Regex("q=" + Regex.Escape(Uri.EscapeDataString(node))), new PageWaitForURLOptions { Timeout = timeout }),
            "searching for " + node);
        await Assertions.Expect(page.Locator("[data-testid=page-range]")).Not.ToHaveTextAsync(new Regex("of " + total.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + "$"));
        var filtered = await rows.CountAsync();
        Assert.InRange(filtered, 1, 25);
        foreach (var text in await rows.AllInnerTextsAsync())
        {
            Assert.Contains(node, text, StringComparison.Ordinal);
        }

        // A reload (or a shared link) shows the same rows.
        var before = await page.Locator("[data-testid=csr-link]").AllInnerTextsAsync();
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("#circuit-state[data-interactive=true]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 120_000 });
        await Assertions.Expect(page.Locator("input[data-testid=csr-search], [data-testid=csr-search] input")).ToHaveValueAsync(node);
        await Assertions.Expect(page.Locator("[data-testid=csr-link]")).ToHaveCountAsync(before.Count, Slow);
        Assert.Equal(before.ToArray(), (await page.Locator("[data-testid=csr-link]").AllInnerTextsAsync()).ToArray());

        // A bad value in the address is ignored with a note, never an error page.
        var bad = await fleet.OpenAsync(context, "/csrs?state=Sideways&page=-1&sort=secret");
        await Assertions.Expect(bad.Locator("[data-testid=query-notes]")).ToBeVisibleAsync();
        await Assertions.Expect(bad.Locator("[data-testid=csr-table] tbody tr")).ToHaveCountAsync(25, Slow);
    }

    [Fact]
    public async Task The_token_page_shows_a_terminating_token_apart_from_expired()
    {
        await using var context = await fleet.Browser.NewContextAsync();
        var page = await fleet.OpenAsync(context, "/tokens?terminating=true");
        // tokencleaner deletes the fleet's expired tokens; a finalizer holds them, so they stay terminating.
        var terminating = page.Locator("[data-testid=token-terminating]");
        await Assertions.Expect(terminating.First).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 180_000 });
        var row = page.Locator("[data-testid=token-table] tbody tr").First;
        await Assertions.Expect(row.Locator("[data-testid=token-status]")).ToBeVisibleAsync();
        await Assertions.Expect(row.Locator("[data-testid=delete-token]")).ToBeDisabledAsync();
    }

    [Theory]
    [InlineData("/csrs", "[data-testid=csr-table]")]
    [InlineData("/tokens", "[data-testid=token-table]")]
    [InlineData("/nodes", "[data-testid=node-table]")]
    [InlineData("/audit", "h1")]
    public async Task A_list_page_at_390_px_does_not_overflow_the_page(string path, string content)
    {
        await using var context = await fleet.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });
        var page = await fleet.OpenAsync(context, path);
        await page.Locator(content).First.WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });
        var (scrollWidth, innerWidth) = await Widths(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "list-390" + path.Replace('/', '-') + ".png"), FullPage = true });
        Assert.True(scrollWidth <= innerWidth, $"{path}: the page is {scrollWidth}px wide in a {innerWidth}px window");
    }

    private static async Task<(int ScrollWidth, int InnerWidth)> Widths(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        return (widths[0], widths[1]);
    }

    [GeneratedRegex(@"of ([0-9,]+)$")]
    private static partial Regex PageRange();
}
