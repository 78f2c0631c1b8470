using System.Security.Claims;
using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Tests.Shared;
using BootstrapPortal.Web.Authentication;
using BootstrapPortal.Web.Security;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BootstrapPortal.Browser.Tests;

/// <summary>The portal with login configured against the test OpenID Connect provider, and Chromium.</summary>
public sealed class LoginBrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public TestIdentityProvider Provider { get; private set; } = default!;

    public PortalServer Server { get; private set; } = default!;

    public Uri BaseAddress { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Provider = await TestIdentityProvider.StartAsync();
        var settings = Provider.PortalSettings();
        settings["Sandbox:Nodes"] = "1";
        settings["Sandbox:DemoMisfits"] = "false";
        Server = new PortalServer(settings);
        BaseAddress = Server.Start();
        await Provider.RegisterPortalAsync(BaseAddress);
        _playwright = await Playwright.CreateAsync();
        Browser = await BrowserFixture.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Server.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

/// <summary>A person signs in through the provider's login page and works within their role.</summary>
public sealed partial class LoginFlowTests(LoginBrowserFixture fixture) : IClassFixture<LoginBrowserFixture>
{
    private async Task<IPage> SignInAsync(IBrowserContext context, string username, string path)
    {
        var page = await context.NewPageAsync();
        // Generous: the first sign-in also fetches the provider's discovery document, on a machine that may be busy.
        page.SetDefaultTimeout(60_000);
        page.SetDefaultNavigationTimeout(120_000);
        await page.GotoAsync(new Uri(fixture.BaseAddress, path).ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        // Sent to the provider's login page, then back.
        await page.WaitForURLAsync(url => url.StartsWith(fixture.Provider.Issuer.ToString(), StringComparison.Ordinal), new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await page.FillAsync("#username", username);
        await page.FillAsync("#password", TestIdentityProvider.Password);
        await page.ClickAsync("#login-submit");
        await page.WaitForURLAsync(url => url.StartsWith(fixture.BaseAddress.ToString(), StringComparison.Ordinal), new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await page.WaitForSelectorAsync("#circuit-state[data-interactive=true]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        return page;
    }


    [Fact]
    public async Task A_viewer_signs_in_sees_their_name_and_cannot_approve()
    {
        var name = await ServingCsrs.CreatePendingAsync(fixture.Server.Services.GetRequiredService<IKubernetes>(), "login-flow");
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await SignInAsync(context, "victor", "/csrs/" + name);
        await Assertions.Expect(page.Locator("[data-testid=person-name]")).ToHaveTextAsync("victor", new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(name, new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=approve]")).ToBeDisabledAsync(new LocatorAssertionsToBeDisabledOptions { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=deny]")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("[data-testid=decide-why]")).ToContainTextAsync("Needs the Approver role", new LocatorAssertionsToContainTextOptions { Timeout = 30_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "viewer-csr.png"), FullPage = true });

        // The service refuses the viewer even if a call got past the page.
        var resolver = fixture.Server.Services.GetRequiredService<PortalActorResolver>();
        var viewer = resolver.Resolve(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("preferred_username", "victor"), new Claim("groups", TestIdentityProvider.ViewerGroup)], PortalAuthenticationTypes.Person)));
        var approvals = fixture.Server.Services.GetRequiredService<ICsrApprovalService>();
        var refused = await Assert.ThrowsAsync<PortalAccessDeniedException>(() => approvals.ApproveAsync(name, new CsrApproval("anyway"), viewer, CancellationToken.None));
        Assert.Equal(PortalRole.Approver, refused.RequiredRole);
    }

    [Fact]
    public async Task An_approver_approves_in_their_own_name_and_signs_out()
    {
        var name = await ServingCsrs.CreatePendingAsync(fixture.Server.Services.GetRequiredService<IKubernetes>(), "login-flow");
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await SignInAsync(context, "anna", "/csrs/" + name);
        await Assertions.Expect(page.Locator("[data-testid=person-name]")).ToHaveTextAsync("anna", new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 });
        await page.ClickAsync("[data-testid=approve]");
        await page.Locator("[data-testid=reason]").FillAsync("checked by anna");
        var overrideBox = page.Locator("[data-testid=override]");
        if (await overrideBox.CountAsync() > 0)
        {
            await overrideBox.ClickAsync();
        }

        await page.ClickAsync("[data-testid=reason-submit]");
        await Assertions.Expect(page.Locator("[data-testid=condition][data-type=Approved]"))
            .ToContainTextAsync("checked by anna (by anna via BootstrapPortal)", new LocatorAssertionsToContainTextOptions { Timeout = 30_000 });

        await page.ClickAsync("[data-testid=sign-out]");
        await page.WaitForURLAsync(url => url.EndsWith("/auth/signed-out", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("[data-testid=sign-in-again]")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 30_000 });
    }

    [Fact]
    public async Task A_provisioner_gets_the_api_only_page()
    {
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await SignInAsync(context, "pat", "/");
        await Assertions.Expect(page.Locator("[data-testid=api-only]")).ToContainTextAsync("API only", new LocatorAssertionsToContainTextOptions { Timeout = 30_000 });
        Assert.Equal(0, await page.Locator("[data-testid=card-nodes]").CountAsync());
    }
}
