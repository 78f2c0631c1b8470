using System.Text.Json;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BootstrapPortal.Browser.Tests;

/// <summary>
/// In a real browser: the portal works under its Content Security Policy (scripts from itself only), and a page that is
/// not the portal (a DNS-rebinding name, another origin) cannot use it.
/// </summary>
public sealed class SecurityPolicyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    /// <summary>Records every CSP violation the page reports, before any of the page's own scripts run.</summary>
    private const string RecordViolations = """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e =>
            window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));
        """;

    private async Task<int> CountPortalTokensAsync()
    {
        var kubernetes = fixture.Server.Services.GetRequiredService<IKubernetes>();
        var list = await kubernetes.CoreV1.ListNamespacedSecretAsync("kube-system", fieldSelector: "type=bootstrap.kubernetes.io/token",
            labelSelector: "app.kubernetes.io/managed-by=bootstrap-portal");
        return list.Items.Count;
    }

    private static async Task<string[]> ViolationsAsync(IPage page) =>
        await page.EvaluateAsync<string[]>("() => window.__cspViolations || []");

    [Fact]
    public async Task Blazor_and_MudBlazor_work_under_the_policy_without_a_single_violation()
    {
        await using var context = await fixture.Browser.NewContextAsync();
        await context.AddInitScriptAsync(RecordViolations);
        var consoleErrors = new List<string>();
        var page = await fixture.OpenAsync(context, "/");
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };

        var response = await page.ReloadAsync();
        Assert.Contains("script-src 'self'", (await response!.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
        await page.WaitForSelectorAsync("#circuit-state[data-interactive=true]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        await page.WaitForSelectorAsync("[data-testid=connection-state][data-state=Connected]", new PageWaitForSelectorOptions { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[data-testid=local-mode-banner]")).ToBeVisibleAsync();
        var violations = new List<string>(await ViolationsAsync(page));

        // The live connection (WebSocket), client-side navigation, a dialog, a select's popover and the theme's style element.
        await page.Locator(".mud-nav-link", new PageLocatorOptions { HasTextString = "Bootstrap tokens" }).First.ClickAsync();
        await page.WaitForSelectorAsync("[data-testid=token-table]", new PageWaitForSelectorOptions { Timeout = 60_000 });
        await page.ClickAsync("[data-testid=create-token]");
        await Assertions.Expect(page.Locator(".mud-dialog")).ToBeVisibleAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Cancel", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
        await page.Locator(".mud-nav-link", new PageLocatorOptions { HasTextString = "Certificate requests" }).First.ClickAsync();
        await page.ClickAsync("[data-testid=filter-state]");
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item").First).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await page.ClickAsync("[data-testid=theme-toggle]");
        await page.WaitForSelectorAsync("#circuit-state[data-theme=dark]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        violations.AddRange(await ViolationsAsync(page));

        // The Not found page, rendered for an unknown address, is the portal's own page, under the same policy.
        var missing = await page.GotoAsync(new Uri(fixture.BaseAddress, "/no/such/page").ToString());
        Assert.Equal(404, missing!.Status);
        await page.WaitForSelectorAsync("#circuit-state[data-interactive=true]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Not found");
        violations.AddRange(await ViolationsAsync(page));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "not-found.png") });

        Assert.Empty(violations);
        Assert.DoesNotContain(consoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_page_under_a_rebound_name_gets_nothing_and_mints_nothing()
    {
        // evil.example resolves to 127.0.0.1, as an attacker's DNS answers after rebinding.
        await using var browser = await fixture.LaunchBrowserAsync("--host-resolver-rules=MAP evil.example 127.0.0.1");
        await using var context = await browser.NewContextAsync();
        var port = fixture.BaseAddress.Port;
        var before = await CountPortalTokensAsync();

        // Opening the portal under that name shows no portal.
        var page = await context.NewPageAsync();
        var direct = await page.GotoAsync($"http://evil.example:{port}/");
        Assert.Equal(400, direct!.Status);
        Assert.Equal(0, await page.Locator("#circuit-state").CountAsync());

        // The attacker's script runs in a document of that origin (the one the portal just refused, which is served from
        // 127.0.0.1) and talks "same-origin" to whatever listens there: the portal must refuse every call by its Host.
        var results = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const out = [];
              for (const [path, body] of [['/api/v1/bootstrap-tokens', '{"ttl":"1h"}'], ['/api/v1/nodes/rebound/bootstrap-kubeconfig', '{}']]) {
                try {
                  const r = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
                  out.push(r.status + ' ' + (await r.text()));
                } catch (e) { out.push('error ' + e); }
              }
              try { const r = await fetch('/api/v1/bootstrap-tokens'); out.push(r.status + ' ' + (await r.text())); } catch (e) { out.push('error ' + e); }
              return out;
            }
            """);
        foreach (var result in results.EnumerateArray().Select(r => r.GetString()!))
        {
            Assert.StartsWith("400 ", result, StringComparison.Ordinal);
            Assert.DoesNotContain("\"token\"", result, StringComparison.Ordinal);
            Assert.DoesNotContain("\"id\"", result, StringComparison.Ordinal);
        }

        Assert.Equal(before, await CountPortalTokensAsync());
    }

    [Fact]
    public async Task A_foreign_page_cannot_mint_with_a_form_or_a_no_cors_fetch()
    {
        // Chromium's own local-network protection would stop a public page's requests to 127.0.0.1 before they leave the
        // browser; it is switched off here so that the requests reach the portal, as they do from browsers without it.
        await using var browser = await fixture.LaunchBrowserAsync(
            "--disable-features=BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults,LocalNetworkAccessChecks");
        await using var context = await browser.NewContextAsync();
        var target = fixture.BaseAddress.GetLeftPart(UriPartial.Authority);
        var before = await CountPortalTokensAsync();
        var answers = new System.Collections.Concurrent.ConcurrentBag<string>();
        context.Response += (_, response) =>
        {
            if (response.Url.StartsWith(target + "/api/", StringComparison.Ordinal))
            {
                answers.Add(response.Status + " " + response.Url);
            }
        };
        context.RequestFailed += (_, request) => answers.Add("failed " + request.Url + " " + request.Failure);
        await context.RouteAsync("http://attacker.example/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = $$"""
                <!DOCTYPE html><html><body>
                <iframe name="sink"></iframe>
                <form id="f" method="POST" action="{{target}}/api/v1/nodes/forged/bootstrap-kubeconfig" target="sink" enctype="text/plain">
                  <input name='{"ttl":"1h","x":"' value='"}'>
                </form>
                <script>
                  fetch('{{target}}/api/v1/bootstrap-tokens', { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: '{"ttl":"1h"}' })
                    .finally(() => document.getElementById('f').submit());
                </script>
                </body></html>
                """,
        }));

        var page = await context.NewPageAsync();
        await page.GotoAsync("http://attacker.example/page.html");
        var form = $"403 {target}/api/v1/nodes/forged/bootstrap-kubeconfig";
        var fetch = $"failed {target}/api/v1/bootstrap-tokens net::ERR_BLOCKED_BY_RESPONSE";
        for (var i = 0; i < 300 && !(answers.Contains(form) && answers.Any(a => a.StartsWith(fetch, StringComparison.Ordinal))); i++)
        {
            await Task.Delay(100);
        }

        // Both requests reached the portal: the form was refused (403, not even shown in the frame since the portal may not
        // be framed), and the answer to the fetch was withheld from the page (Cross-Origin-Resource-Policy). Nothing was minted.
        Assert.True(answers.Contains(form), string.Join(" | ", answers));
        Assert.True(answers.Any(a => a.StartsWith(fetch, StringComparison.Ordinal)), string.Join(" | ", answers));
        Assert.DoesNotContain(answers, a => a.StartsWith("200 ", StringComparison.Ordinal) || a.StartsWith("201 ", StringComparison.Ordinal));
        Assert.Equal(before, await CountPortalTokensAsync());
    }
}
