using Microsoft.Playwright;

namespace BootstrapPortal.Browser.Tests;

/// <summary>
/// Every page in the light and the dark theme, at 1440 × 900 and at 390 × 844: a full-page screenshot of each as a test
/// artifact (browser-artifacts/screenshots), the theme actually painted (not only chosen), and at phone width no sideways
/// scrolling of the page.
/// </summary>
public sealed class ThemeScreenshotTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly string[] Paths =
    [
        "/", "/flow", "/tokens", "/csrs", "/nodes", "/rbac", "/kubeconfigs", "/policy/serving", "/audit", "/csrs/{csr}", "/nodes/{node}",
        "/rbac/objects/clusterrole/system:node-bootstrapper",
    ];

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var theme in new[] { "light", "dark" })
        {
            data.Add(theme, 1440);
            data.Add(theme, 390);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_page_is_painted_in_the_theme_and_fits_a_phone(string theme, int width)
    {
        var directory = Directory.CreateDirectory(Path.Combine(BrowserFixture.ArtifactsDirectory, "screenshots")).FullName;
        var phone = width < 600;
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1440, Height = 900 },
            IsMobile = phone,
            HasTouch = phone,
            // The portal follows the browser's preference until someone uses its own toggle.
            ColorScheme = theme == "dark" ? ColorScheme.Dark : ColorScheme.Light,
        });
        var (csr, node) = await SandboxNamesAsync();
        var failures = new List<string>();
        foreach (var path in Paths)
        {
            var resolved = path.Replace("{csr}", csr, StringComparison.Ordinal).Replace("{node}", node, StringComparison.Ordinal);
            var page = await fixture.OpenAsync(context, resolved);
            await Assertions.Expect(page.Locator("#circuit-state")).ToHaveAttributeAsync("data-theme", theme, new LocatorAssertionsToHaveAttributeOptions { Timeout = 30_000 });
            await page.Locator("h1").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
            // The live data arrives (a page still loading is photographed as it is, and its loading state is a state too).
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            try
            {
                await page.WaitForFunctionAsync("() => !document.querySelector('[data-testid=state-loading]')", null, new PageWaitForFunctionOptions { Timeout = 30_000, PollingInterval = 100 });
            }
            catch (TimeoutException)
            {
                // Still loading after half a minute on a busy machine: the screenshot shows the loading state.
            }

            // Painted, not only chosen: the page background is dark in the dark theme and light in the light one.
            var luminance = await page.EvaluateAsync<double>(BackgroundLuminance);
            if (theme == "dark" ? luminance > 0.2 : luminance < 0.8)
            {
                failures.Add($"{resolved}: background luminance {luminance:0.00} in the {theme} theme");
            }

            if (phone)
            {
                var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
                if (widths[0] > widths[1])
                {
                    failures.Add($"{resolved}: the page is {widths[0]}px wide in a {widths[1]}px window");
                }
            }

            var file = (path == "/" ? "overview" : path.Trim('/').Replace("{", string.Empty, StringComparison.Ordinal).Replace("}", string.Empty, StringComparison.Ordinal)
                .Replace('/', '-').Replace(':', '-')) + $"-{width}-{theme}.png";
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, file), FullPage = true });
            await page.CloseAsync();
        }

        Assert.True(failures.Count == 0, string.Join("; ", failures));
    }

    [Fact]
    public async Task The_theme_toggle_is_remembered_across_pages_and_overrides_the_browser_preference()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ColorScheme = ColorScheme.Light });
        var page = await fixture.OpenAsync(context, "/flow");
        await Assertions.Expect(page.Locator("#circuit-state")).ToHaveAttributeAsync("data-theme", "light");
        await page.ClickAsync("[data-testid=theme-toggle]");
        await Assertions.Expect(page.Locator("#circuit-state")).ToHaveAttributeAsync("data-theme", "dark");

        // A link followed inside the tab, and a new tab of the same browser: still dark although the browser prefers light.
        await page.ClickAsync("nav a[href='tokens']");
        await page.WaitForURLAsync("**/tokens");
        await Assertions.Expect(page.Locator("#circuit-state")).ToHaveAttributeAsync("data-theme", "dark");
        var other = await fixture.OpenAsync(context, "/csrs");
        await Assertions.Expect(other.Locator("#circuit-state")).ToHaveAttributeAsync("data-theme", "dark", new LocatorAssertionsToHaveAttributeOptions { Timeout = 30_000 });
        Assert.True(await other.EvaluateAsync<double>(BackgroundLuminance) < 0.2, "the new tab is painted dark");
    }

    /// <summary>Relative luminance (0 black … 1 white) of the first non-transparent background from the main content up.</summary>
    private const string BackgroundLuminance = """
        () => {
          let element = document.getElementById('main-content');
          while (element) {
            const color = getComputedStyle(element).backgroundColor;
            const parts = color.match(/[\d.]+/g)?.map(Number) ?? [];
            if (parts.length >= 3 && (parts.length < 4 || parts[3] > 0.5)) {
              const [r, g, b] = parts.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
              return 0.2126 * r + 0.7152 * g + 0.0722 * b;
            }
            element = element.parentElement;
          }
          return 1;
        }
        """;

    private async Task<(string Csr, string Node)> SandboxNamesAsync()
    {
        var cache = (BootstrapPortal.Core.Cache.ClusterCache)fixture.Server.Services.GetService(typeof(BootstrapPortal.Core.Cache.ClusterCache))!;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((cache.Nodes.Items.Count == 0 || cache.CertificateSigningRequests.Items.Count == 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        return (cache.CertificateSigningRequests.Items.Select(c => c.Metadata.Name).Order(StringComparer.Ordinal).First(),
            cache.Nodes.Items.Select(n => n.Metadata.Name).Order(StringComparer.Ordinal).First());
    }
}
