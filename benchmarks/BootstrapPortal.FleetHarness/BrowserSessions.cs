using System.Diagnostics;
using Microsoft.Playwright;

namespace BootstrapPortal.FleetHarness;

/// <summary>What one browser session measured on the CSR page (milliseconds; null when it did not happen in time).</summary>
public sealed record SessionResult(double? InteractiveMs, double? SearchMs, int DomNodes, string? Error);

/// <summary>Headless Chromium sessions (Debian's chromium through Playwright) on the CSR page, kept open until disposed.</summary>
public sealed class BrowserSessions : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan SearchTimeout = TimeSpan.FromMinutes(2);
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<IPage> _pages = [];
    private readonly HashSet<IPage> _interactive = [];

    private BrowserSessions(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<BrowserSessions> LaunchAsync(string chromium)
    {
        if (!File.Exists(chromium))
        {
            throw new FileNotFoundException($"{chromium} is missing (apt-get install -y chromium)", chromium);
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Timeout = 60_000,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return new BrowserSessions(playwright, browser);
    }

    /// <summary>Opens <paramref name="count"/> sessions on <c>/csrs</c> at once; each reports when its page became interactive with rows.</summary>
    public async Task<IReadOnlyList<SessionResult>> OpenAsync(Uri baseAddress, int count)
    {
        var opened = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => OpenOneAsync(baseAddress)));
        return opened;
    }

    private async Task<SessionResult> OpenOneAsync(Uri baseAddress)
    {
        var context = await _browser.NewContextAsync();
        var page = await context.NewPageAsync();
        lock (_contexts)
        {
            _contexts.Add(context);
            _pages.Add(page);
        }

        page.SetDefaultTimeout((float)Timeout.TotalMilliseconds);
        var watch = Stopwatch.StartNew();
        try
        {
            await page.GotoAsync(new Uri(baseAddress, "csrs").ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
            await page.WaitForSelectorAsync("#circuit-state[data-interactive=true]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
            await page.WaitForSelectorAsync("[data-testid=csr-link], [data-testid=state-empty]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Visible });
            var interactive = watch.Elapsed.TotalMilliseconds;
            lock (_contexts)
            {
                _interactive.Add(page);
            }

            var nodes = await page.EvaluateAsync<int>("() => document.getElementsByTagName('*').length");
            return new SessionResult(interactive, null, nodes, null);
        }
        catch (TimeoutException ex)
        {
            return new SessionResult(null, null, 0, ex.Message.Split('\n')[0]);
        }
        catch (PlaywrightException ex)
        {
            return new SessionResult(null, null, 0, ex.Message.Split('\n')[0]);
        }
    }

    /// <summary>
    /// In each open session in turn, enters <paramref name="term"/> into the search box in one input event (a paste, or the
    /// last keystroke of typing it) and waits until every CSR row shown contains it; the page's own debounce interval is part
    /// of the figure.
    /// </summary>
    public async Task<IReadOnlyList<double?>> SearchAsync(string term)
    {
        var results = new List<double?>();
        foreach (var page in _pages.ToArray())
        {
            if (!_interactive.Contains(page))
            {
                results.Add(null); // never interactive: typing would reach prerendered HTML only
                continue;
            }

            try
            {
                // MudBlazor puts the test id on the <input> itself; a wrapper carrying it would hold the input.
                var box = page.Locator("input[data-testid=csr-search], [data-testid=csr-search] input").First;
                await box.FillAsync(string.Empty, new LocatorFillOptions { Timeout = (float)SearchTimeout.TotalMilliseconds });
                var watch = Stopwatch.StartNew();
                await box.FillAsync(term, new LocatorFillOptions { Timeout = (float)SearchTimeout.TotalMilliseconds });
                await page.WaitForFunctionAsync(
                    "t => { const rows = [...document.querySelectorAll('[data-testid=csr-link]')]; return rows.length > 0 && rows.every(r => r.textContent.includes(t)); }",
                    term, new PageWaitForFunctionOptions { PollingInterval = 10, Timeout = (float)SearchTimeout.TotalMilliseconds });
                results.Add(watch.Elapsed.TotalMilliseconds);
            }
            catch (TimeoutException)
            {
                results.Add(null);
            }
            catch (PlaywrightException)
            {
                results.Add(null);
            }
        }

        return results;
    }

    /// <summary>Closes every session (the tabs go; the server notices the circuits disconnect).</summary>
    public async Task CloseAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }

        _contexts.Clear();
        _pages.Clear();
        _interactive.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
