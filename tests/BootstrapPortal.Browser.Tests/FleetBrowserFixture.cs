using System.Net;
using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
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
        // Ready means the caches synced; the first CSR snapshot (every request decoded and judged) is built once here
        // rather than inside the first page view's timeout.
        using (var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) })
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(6);
            var catalog = Server.Services.GetRequiredService<CsrCatalog>();
            var cache = Server.Services.GetRequiredService<ClusterCache>();
            while ((await http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode != HttpStatusCode.OK
                || cache.CertificateSigningRequests.Count < Csrs || !catalog.IsSynced)
            {
                Assert.True(DateTime.UtcNow < deadline, "the portal became ready with its fleet");
                await Task.Delay(250);
            }

            Assert.True(catalog.Snapshot.Entries.Count >= Csrs);
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await BrowserFixture.LaunchAsync(_playwright);
    }

    /// <summary>Opens a page at a viewport width and waits until Blazor's circuit is interactive.</summary>
    public async Task<IPage> OpenAsync(IBrowserContext context, string path)
    {
        ArgumentNullException.ThrowIfNull(context);
        var page = await context.NewPageAsync();
        await page.AddInitScriptAsync(CircuitInput.TrackReconnects);
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync(new Uri(BaseAddress, path).ToString(), new PageGotoOptions { Timeout = 240_000 });
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
