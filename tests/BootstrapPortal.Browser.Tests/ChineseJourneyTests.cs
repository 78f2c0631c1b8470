using BootstrapPortal.Core.Cache;
using BootstrapPortal.Web.Components.Rbac;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BootstrapPortal.Browser.Tests;

/// <summary>
/// A person switches the console to 简体中文: the choice is stored in the culture cookie, every page is in Chinese (also after
/// client-side navigation, i.e. inside the circuit), a new browser carrying the cookie keeps it, and a browser that asks for
/// zh-CN gets Chinese without any cookie.
/// </summary>
public sealed class ChineseJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    /// <summary>English UI phrases that must not be visible in the main content of a page shown in Chinese (case-sensitive).</summary>
    private static readonly string[] EnglishUiPhrases =
    [
        "Overview", "Bootstrap tokens", "Certificate requests", "Nodes & certificates", "RBAC audit", "Audit trail", "Serving policy",
        "Rows per page", "Search", "Loading", "Cancel", "Approve selected", "Create token", "Export CSV", "Details", "Conditions",
        "Issued certificate", "Bootstrap checklist", "Risky findings", "Who can", "Dry run", "Discard edits", "Generate", "Node names",
        "Expiry timeline", "Needs a person", "Cluster caches", "Not healthy only", "Expiring within", "Extra groups", "Used by",
        "The Node object", "Every check passes", "No node matches", "Show every node", "Filter by stage", "Token ID", "Decided by",
        "Certificate expires", "ago", "Requestor", "Signer", "Verdict", "Actions", "Status", "Description",
    ];

    /// <summary>
    /// Elements that show a sentence written by Core (verdict checks, flow stages and blockers, attention items, RBAC findings,
    /// checklist and preflight texts, rotation reasons, token status reasons): they are left out of the scan until Core
    /// speaks Chinese too. Cluster data (names, conditions, events, YAML) is left out as well.
    /// </summary>
    private const string NotUiText =
        "[data-testid=check], [data-testid=flow-blocker], .bp-step-label, .bp-attention-title, .bp-attention-detail, [data-testid=finding], " +
        "[data-testid=preflight-check], [data-testid=checklist-row], [data-testid=group-advice], [data-testid=history-reason], " +
        "[data-testid=invalid-reason], [data-testid=auto-approval], [data-testid=condition], [data-testid=event-row], pre, .bp-mono, " +
        "[data-testid=alert-unhealthy] span, [data-testid=stage-filter] .mud-chip, [data-testid=can-bootstrap], [data-testid=who-can-question], " +
        "[data-testid=who-can] .mud-typography-body2, [data-testid=csr-decision], .mud-tooltip-root .mud-popover, [data-testid=dry-run-reason]";

    [Fact]
    public async Task Choosing_chinese_translates_every_page_and_the_choice_persists()
    {
        var (csr, node, binding) = await SampleObjectsAsync();
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US" });
        var page = await fixture.OpenAsync(context, "/");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        // The switcher in the app bar: a labelled select showing each language in its own words.
        var switcher = page.Locator("[data-testid=culture-switch]");
        Assert.Equal("Language", await switcher.GetAttributeAsync("aria-label"));
        Assert.Equal(["English", "简体中文"], await switcher.Locator("option").AllTextContentsAsync());
        await switcher.SelectOptionAsync(new SelectOptionValue { Label = "简体中文" });
        await page.WaitForSelectorAsync("html[lang=zh-Hans]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await page.WaitForSelectorAsync("#circuit-state[data-interactive=true]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("概览");
        Assert.Equal("语言", await switcher.GetAttributeAsync("aria-label"));

        // The cookie: the framework's culture cookie for the whole site, a year, not sent on cross-site subrequests.
        var cookie = Assert.Single(await context.CookiesAsync(), c => c.Name == ".AspNetCore.Culture");
        Assert.Equal("c%3Dzh-Hans%7Cuic%3Dzh-Hans", cookie.Value);
        Assert.Equal("/", cookie.Path);
        Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite);
        Assert.InRange(DateTimeOffset.FromUnixTimeSeconds((long)cookie.Expires) - DateTimeOffset.UtcNow, TimeSpan.FromDays(364), TimeSpan.FromDays(366));

        // Client-side navigation renders inside the circuit: it must speak Chinese as well.
        await page.Locator(".mud-nav-link", new PageLocatorOptions { HasTextString = "引导令牌" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("引导令牌");
        await page.Locator(".mud-nav-link", new PageLocatorOptions { HasTextString = "证书签名请求" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("证书签名请求");
        await Assertions.Expect(page.Locator("[data-testid=page-range]")).ToContainTextAsync("共");

        var directory = Directory.CreateDirectory(Path.Combine(BrowserFixture.ArtifactsDirectory, "zh-Hans")).FullName;
        foreach (var (path, file, expected) in new[]
        {
            ("/", "overview", "概览"),
            ("/csrs", "csrs", "证书签名请求"),
            ("/csrs/" + Uri.EscapeDataString(csr), "csr-detail", "请求（spec）"),
            ("/tokens", "tokens", "引导令牌"),
            ("/kubeconfigs", "kubeconfigs", "节点名称"),
            ("/nodes", "nodes", "节点与证书"),
            ("/nodes/" + Uri.EscapeDataString(node), "node-detail", "Node 对象"),
            ("/flow", "flow", "引导流程"),
            ("/rbac", "rbac", "引导检查清单"),
            (RbacLinks.Href("ClusterRoleBinding", null, binding), "rbac-object", "授予"),
            ("/policy/serving", "serving-policy", "服务证书策略"),
            ("/audit", "audit", "审计记录"),
        })
        {
            var shown = await fixture.OpenAsync(context, path.TrimStart('/'));
            await Assertions.Expect(shown.Locator("html")).ToHaveAttributeAsync("lang", "zh-Hans");
            await Assertions.Expect(shown.Locator("#main-content")).ToContainTextAsync(expected, new LocatorAssertionsToContainTextOptions { Timeout = 30_000 });
            await shown.WaitForSelectorAsync("[data-testid=connection-state][data-state=Connected]", new PageWaitForSelectorOptions { Timeout = 60_000 });
            var text = await shown.EvaluateAsync<string>(
                "selector => { const main = document.getElementById('main-content').cloneNode(true); main.querySelectorAll(selector).forEach(e => e.remove()); return main.innerText; }",
                NotUiText);
            var english = EnglishUiPhrases.Where(p => System.Text.RegularExpressions.Regex.IsMatch(text, @"(?<![A-Za-z])" + System.Text.RegularExpressions.Regex.Escape(p) + @"(?![A-Za-z])")).ToArray();
            await shown.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, file + ".png"), FullPage = true });
            Assert.True(english.Length == 0, $"{path} shows English UI text: {string.Join(", ", english)}");
            await shown.CloseAsync();
        }

        // A new browser that carries the cookie opens in Chinese.
        await using var again = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US" });
        await again.AddCookiesAsync([new Cookie { Name = cookie.Name, Value = cookie.Value, Domain = cookie.Domain, Path = cookie.Path }]);
        var reopened = await fixture.OpenAsync(again, "/");
        await Assertions.Expect(reopened.Locator("html")).ToHaveAttributeAsync("lang", "zh-Hans");
        await Assertions.Expect(reopened.Locator("h1")).ToHaveTextAsync("概览");

        // Back to English with the same switcher.
        await reopened.Locator("[data-testid=culture-switch]").SelectOptionAsync(new SelectOptionValue { Label = "English" });
        await reopened.WaitForSelectorAsync("html[lang=en]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await Assertions.Expect(reopened.Locator("h1")).ToHaveTextAsync("Overview");
    }

    [Fact]
    public async Task A_browser_that_asks_for_zh_cn_gets_chinese_without_a_cookie()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN" });
        var page = await fixture.OpenAsync(context, "/nodes");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-Hans");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("节点与证书");
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == ".AspNetCore.Culture");

        // The circuit took the header's language too: a client-side navigation renders in Chinese.
        await page.Locator(".mud-nav-link", new PageLocatorOptions { HasTextString = "审计记录" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("审计记录");
    }

    private async Task<(string Csr, string Node, string Binding)> SampleObjectsAsync()
    {
        var cache = fixture.Server.Services.GetRequiredService<ClusterCache>();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (cache.Nodes.Items.Count == 0 || cache.CertificateSigningRequests.Items.Count == 0 || cache.ClusterRoleBindings.Items.Count == 0)
        {
            await Task.Delay(200, cts.Token);
        }

        return (cache.CertificateSigningRequests.Items.First().Metadata.Name, cache.Nodes.Items.First().Metadata.Name, cache.ClusterRoleBindings.Items.First().Metadata.Name);
    }
}
