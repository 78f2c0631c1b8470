using Microsoft.Playwright;

namespace BootstrapPortal.Browser.Tests;

/// <summary>A person's first minute with the portal, in a real browser against a real server and sandbox.</summary>
public class ShellSmokeTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Newcomer_sees_a_connected_sandbox_navigates_every_section_and_keeps_dark_mode()
    {
        await using var context = await fixture.Browser.NewContextAsync();
        var errors = new List<string>();
        var page = await fixture.OpenAsync(context, "/");
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };

        // The app bar turns "connected" once the caches have synced with the sandbox, and the overview shows its nodes.
        await page.WaitForSelectorAsync("[data-testid=connection-state][data-state=Connected]", new PageWaitForSelectorOptions { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[data-testid=card-nodes] h4, [data-testid=card-nodes] .mud-typography-h4")).Not.ToHaveTextAsync("0", new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 });

        // Every section is reachable from the navigation, client-side.
        foreach (var (link, heading) in new[]
        {
            ("Bootstrap tokens", "Bootstrap tokens"),
            ("Certificate requests", "Certificate requests"),
            ("Nodes & certificates", "Nodes & certificates"),
            ("RBAC audit", "RBAC audit"),
            ("Kubeconfigs", "Kubeconfigs"),
            ("Overview", "Overview"),
        })
        {
            await page.Locator(".mud-nav-link", new PageLocatorOptions { HasTextString = link }).First.ClickAsync();
            // Generous: leaving a page that is still loading (the RBAC audit's preflight) may take a while on a busy machine.
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(heading, new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 });
        }

        // Dark mode: toggled, then remembered after a reload.
        Assert.Equal("light", await page.GetAttributeAsync("#circuit-state", "data-theme"));
        await page.ClickAsync("[data-testid=theme-toggle]");
        await page.WaitForSelectorAsync("#circuit-state[data-theme=dark]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("#circuit-state[data-interactive=true][data-theme=dark]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "overview-dark.png"), FullPage = true });
        Assert.Empty(errors);
    }
}
