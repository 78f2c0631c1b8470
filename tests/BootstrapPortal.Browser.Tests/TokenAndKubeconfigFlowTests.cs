using System.Text.RegularExpressions;
using k8s;
using Microsoft.Playwright;

namespace BootstrapPortal.Browser.Tests;

/// <summary>An operator mints a token, sees its secret once, revokes it, then downloads a node's kubeconfig and joins a node with it.</summary>
public partial class TokenAndKubeconfigFlowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [GeneratedRegex("^[a-z0-9]{6}[.][a-z0-9]{16}$")]
    private static partial Regex TokenPattern();

    [Fact]
    public async Task Token_secret_is_shown_once_then_never_and_the_token_can_be_revoked()
    {
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await fixture.OpenAsync(context, "/tokens");
        await page.WaitForSelectorAsync("[data-testid=token-table]", new PageWaitForSelectorOptions { Timeout = 60_000 });

        await page.ClickAsync("[data-testid=create-token]");
        await page.FillAsync("[data-testid=node-name]", "browser-node-1");
        await page.FillAsync("[data-testid=description]", "made by the browser test");
        await page.ClickAsync("[data-testid=create-submit]");
        var tokenInput = page.Locator("[data-testid=created-token]");
        await Assertions.Expect(tokenInput).ToHaveValueAsync(TokenPattern(), new LocatorAssertionsToHaveValueOptions { Timeout = 30_000 });
        var token = await tokenInput.InputValueAsync();
        var (id, secret) = (token[..6], token[7..]);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "token-created.png") });

        await page.ClickAsync("[data-testid=created-done]");
        var row = page.Locator("[data-testid=token-table] tr", new PageLocatorOptions { HasTextString = id });
        await Assertions.Expect(row).ToHaveCountAsync(1, new LocatorAssertionsToHaveCountOptions { Timeout = 30_000 });
        await Assertions.Expect(row).ToContainTextAsync("browser-node-1");
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);

        await page.ReloadAsync();
        await page.WaitForSelectorAsync("#circuit-state[data-interactive=true]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "tokens.png"), FullPage = true });

        // The token is still valid: deleting it needs its id typed, the red action starts disabled and Cancel has the focus.
        await row.Locator("[data-testid=delete-token]").ClickAsync();
        var action = page.Locator("[data-testid=confirm-action]");
        await Assertions.Expect(page.Locator("[data-testid=confirm-cancel]")).ToBeFocusedAsync();
        await Assertions.Expect(action).ToBeDisabledAsync();
        await page.Locator("[data-testid=confirm-name]").FillAsync(id);
        await action.ClickAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0, new LocatorAssertionsToHaveCountOptions { Timeout = 30_000 });
    }

    [Fact]
    public async Task Kubeconfig_downloads_usable_and_joins_a_simulated_node()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { AcceptDownloads = true });
        var page = await fixture.OpenAsync(context, "/kubeconfigs");
        await page.FillAsync("[data-testid=node-names]", "browser-node-2");
        await page.ClickAsync("[data-testid=generate]");
        var result = page.Locator("[data-testid=kubeconfig-result]");
        await Assertions.Expect(result).ToHaveCountAsync(1, new LocatorAssertionsToHaveCountOptions { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=kubeconfig-preview]")).ToContainTextAsync("certificate-authority-data");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=download]"));
        Assert.Equal("bootstrap-kubelet.conf", download.SuggestedFilename);
        var file = Path.Combine(BrowserFixture.ArtifactsDirectory, "browser-node-2.conf");
        await download.SaveAsAsync(file);
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(file);
        Assert.Matches(TokenPattern(), config.AccessToken);
        Assert.DoesNotContain(config.AccessToken![7..], await page.ContentAsync(), StringComparison.Ordinal);

        await page.ClickAsync("[data-testid=join-simulated]");
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("browser-node-2", new LocatorAssertionsToContainTextOptions { Timeout = 30_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "kubeconfigs.png"), FullPage = true });

        // The node bootstraps with that kubeconfig: its Node shows up in the portal's cache.
        var cache = fixture.Server.Services.GetService(typeof(BootstrapPortal.Core.Cache.ClusterCache)) as BootstrapPortal.Core.Cache.ClusterCache;
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (cache!.Nodes.Get(null, "browser-node-2") is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        Assert.NotNull(cache.Nodes.Get(null, "browser-node-2"));

        // The one-time token was used: the card says so and no longer offers the file (which would answer 401).
        await Assertions.Expect(page.Locator("[data-testid=download-withdrawn]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=download]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=token-used]")).ToBeVisibleAsync();

        // Asking again for the same name warns that the Node exists and wants a confirmation before minting.
        await page.FillAsync("[data-testid=node-names]", "browser-node-2");
        await Assertions.Expect(page.Locator("[data-testid=existing-node-warning]")).ToContainTextAsync("browser-node-2");
        await Assertions.Expect(page.Locator("[data-testid=generate]")).ToBeDisabledAsync();
    }
}
