using BootstrapPortal.Tests.Shared;
using Microsoft.Playwright;

namespace BootstrapPortal.Browser.Tests;

/// <summary>The real portal (sandbox mode) on Kestrel, and Debian's Chromium driven by Playwright, shared by a class.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public PortalServer Server { get; } = new();

    public Uri BaseAddress { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public static string ArtifactsDirectory { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "browser-artifacts")).FullName;

    public async Task InitializeAsync()
    {
        BaseAddress = Server.Start();
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchAsync(_playwright);
    }

    /// <summary>Debian's Chromium, headless, as every browser test uses it, with extra command-line switches if given.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, params string[] extraArgs)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run the README's test command (bash .ci/test), which installs Debian's chromium.");
        }

        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Timeout = 60_000,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", .. extraArgs],
        });
    }

    /// <summary>Another browser of this fixture's Playwright with extra switches (e.g. host resolver rules); the caller disposes it.</summary>
    public Task<IBrowser> LaunchBrowserAsync(params string[] extraArgs) => LaunchAsync(_playwright!, extraArgs);

    /// <summary>Opens a page and waits until Blazor's circuit is interactive, so clicks reach components.</summary>
    public async Task<IPage> OpenAsync(IBrowserContext context, string path)
    {
        ArgumentNullException.ThrowIfNull(context);
        var page = await context.NewPageAsync();
        await page.AddInitScriptAsync(CircuitInput.TrackReconnects);
        page.SetDefaultTimeout(30_000);
        // The first load prerenders the page and starts a circuit: generous, as on a machine shared with other builds.
        await page.GotoAsync(new Uri(BaseAddress, path).ToString(), new PageGotoOptions { Timeout = 120_000 });
        await page.WaitForSelectorAsync("#circuit-state[data-interactive=true]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 120_000 });
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Server.DisposeAsync();
    }
}
