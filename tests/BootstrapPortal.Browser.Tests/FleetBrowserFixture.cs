using BootstrapPortal.Tests.Shared;
using Microsoft.Playwright;

namespace BootstrapPortal.Browser.Tests;

/// <summary>
/// The real portal with a preloaded sandbox fleet (2,000 CSRs, 300 nodes, 40 tokens of which some expired and held
/// terminating by a finalizer) and Debian's Chromium, shared by a class.
/// </summary>
public sealed class FleetBrowserFixture : IAsyncLifetime
{
    public const int Csrs = 2000;

    private IPlaywright? _playwright;

    public PortalServer Server { get; } = new(new Dictionary<string, string?>
    {
        ["Sandbox:Nodes"] = "1",
        ["Sandbox:DemoMisfits"] = "false",
        ["Sandbox:Fleet:Nodes"] = "300",
        ["Sandbox:Fleet:IssuedCsrs"] = "1500",
        ["Sandbox:Fleet:PendingCsrs"] = "500",
        ["Sandbox:Fleet:Tokens"] = "40",
        ["Sandbox:Fleet:Seed"] = "11",
    });

    public Uri BaseAddress { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        BaseAddress = Server.Start();
        _playwright = await Playwright.CreateAsync();
        Browser = await BrowserFixture.LaunchAsync(_playwright);
    }

    /// <summary>Opens a page at a viewport width and waits until Blazor's circuit is interactive.</summary>
    public async Task<IPage> OpenAsync(IBrowserContext context, string path)
    {
        ArgumentNullException.ThrowIfNull(context);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);
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
