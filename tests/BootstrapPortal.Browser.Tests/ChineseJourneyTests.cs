using System.Text.RegularExpressions;
using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Web.Components.Rbac;
using k8s;
using k8s.Models;
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
    /// Elements that are not UI text: cluster data (object names and identifiers in monospace, token descriptions, condition reasons and
    /// messages, events, YAML and certificate fields in <c>pre</c>). Everything else in the main content is the portal's own
    /// words, Core's sentences included, and must be Chinese.
    /// </summary>
    private const string NotUiText = "[data-testid=condition], [data-testid=event-row], [data-testid=csr-decision], [data-testid=token-description], pre, .bp-mono";

    /// <summary>
    /// Four English words in a row (names and identifiers hold '-', ':', '/' or '.', so they are not words here): a sentence
    /// left in English, whichever component or Core text it came from.
    /// </summary>
    private static readonly Regex EnglishSentence = new(@"(?<![\w:/.@-])(?:[A-Za-z][a-z']+ ){3}[A-Za-z][a-z']+(?![\w:/@-])", RegexOptions.CultureInvariant);

    private IKubernetes Client => fixture.Server.Services.GetRequiredService<IKubernetes>();

    [Fact]
    public async Task Choosing_chinese_translates_every_page_and_the_choice_persists()
    {
        var (csr, node, binding) = await fixture.Server.SampleObjectsAsync();
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
            await shown.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, file + ".png"), FullPage = true });
            // Known phrases only: the RBAC audit's rule explanations (e.g. "allows every request of") are still English.
            await AssertChineseAsync(shown, path, sentences: false);
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

    [Fact]
    public async Task Decisions_and_an_invalid_token_read_in_chinese()
    {
        // A token Secret with an extra group the API server refuses, two requests that pass their verdict and one that fails it.
        await Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "bootstrap-token-zhbad1" },
            Type = "bootstrap.kubernetes.io/token",
            StringData = new Dictionary<string, string>
            {
                ["token-id"] = "zhbad1",
                ["token-secret"] = "0123456789abcdef",
                ["usage-bootstrap-authentication"] = "true",
                ["expiration"] = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                ["auth-extra-groups"] = "system:masters",
            },
        }, "kube-system");
        var (_, node, _) = await fixture.Server.SampleObjectsAsync();
        var failing = await NodeTakeoverRequest.CreateAsync(fixture.Server, node);
        var catalog = fixture.Server.Services.GetRequiredService<CsrCatalog>();
        var passing = await EventuallyAsync(() =>
        {
            var names = catalog.Snapshot.Entries.Where(e => e.View.IsPending && e.Verdict.Result == CsrVerdictResult.Pass).Select(e => e.Name).Order(StringComparer.Ordinal).Take(2).ToArray();
            return names.Length == 2 && catalog.Get(failing) is { Verdict.Result: CsrVerdictResult.Fail } ? names : null;
        }, "two pending requests pass their verdict and the takeover fails it");

        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var directory = Directory.CreateDirectory(Path.Combine(BrowserFixture.ArtifactsDirectory, "zh-Hans")).FullName;

        // The token list: the reason the Secret is invalid, in Chinese.
        var tokens = await fixture.OpenAsync(context, "tokens?q=zhbad1");
        var reason = tokens.Locator("[data-testid=invalid-reason]");
        await Assertions.Expect(reason).ToContainTextAsync("额外组 \"system:masters\" 不符合", new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });
        await tokens.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, "tokens-invalid.png"), FullPage = true });
        await AssertChineseAsync(tokens, "/tokens with an invalid token");
        await tokens.CloseAsync();

        // One request approved on its page with a reason: the result is said in Chinese.
        var detail = await fixture.OpenAsync(context, "csrs/" + Uri.EscapeDataString(passing[0]));
        await detail.ClickAsync("[data-testid=approve]");
        await detail.Locator("[data-testid=reason]").FillAsync("已核对节点清单");
        await detail.ClickAsync("[data-testid=reason-submit]");
        var snackbar = detail.Locator(".mud-snackbar", new PageLocatorOptions { HasTextString = "已核对节点清单" });
        await Assertions.Expect(snackbar).ToContainTextAsync("已批准：已核对节点清单（由 ", new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });
        await Assertions.Expect(detail.Locator("[data-testid=condition][data-type=Approved]")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 30_000 });
        await Assertions.Expect(detail.Locator("[data-testid=live-result]")).ToContainTextAsync("已批准：", new LocatorAssertionsToContainTextOptions { Timeout = 30_000 });
        await detail.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, "csr-approved.png"), FullPage = true });
        await AssertChineseAsync(detail, "a CSR after its approval");
        await detail.CloseAsync();

        // A bulk decision of a passing and a failing request: one result line per request, in Chinese.
        var list = await fixture.OpenAsync(context, "csrs?state=Pending&size=100");
        foreach (var name in new[] { passing[1], failing })
        {
            var row = list.Locator("[data-testid=csr-table] tbody tr", new PageLocatorOptions { Has = list.Locator($"[data-testid=csr-link]:text-is(\"{name}\")") });
            await Assertions.Expect(row).ToHaveCountAsync(1, new LocatorAssertionsToHaveCountOptions { Timeout = 60_000 });
            await row.Locator("input[type=checkbox][data-testid=select-csr], [data-testid=select-csr] input[type=checkbox]").CheckAsync();
        }

        await list.ClickAsync("[data-testid=approve-selected]");
        await list.Locator("[data-testid=reason]").FillAsync("已人工核对服务证书请求");
        await list.ClickAsync("[data-testid=reason-submit]");
        var results = list.Locator("[data-testid=bulk-result]");
        await Assertions.Expect(results).ToHaveCountAsync(2, new LocatorAssertionsToHaveCountOptions { Timeout = 60_000 });
        await Assertions.Expect(list.Locator($"[data-testid=bulk-result][data-name=\"{passing[1]}\"]")).ToContainTextAsync("已批准：已人工核对服务证书请求");
        await Assertions.Expect(list.Locator($"[data-testid=bulk-result][data-name=\"{failing}\"]")).ToContainTextAsync("已跳过");
        await list.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, "csrs-bulk-result.png"), FullPage = true });
        await AssertChineseAsync(list, "/csrs after a bulk decision");
    }

    /// <summary>Fails when the main content of <paramref name="page"/> shows a known English UI phrase or (with <paramref name="sentences"/>) any English sentence.</summary>
    private static async Task AssertChineseAsync(IPage page, string what, bool sentences = true)
    {
        var text = await page.EvaluateAsync<string>(
            "selector => { const main = document.getElementById('main-content').cloneNode(true); main.querySelectorAll(selector).forEach(e => e.remove()); return main.innerText; }",
            NotUiText);
        // Messages that kube-controller-manager writes into conditions are cluster data, also when a sentence of ours quotes them.
        text = text.Replace(KubeletCsrRecognizers.SelfNodeClientMessage, string.Empty, StringComparison.Ordinal)
            .Replace(KubeletCsrRecognizers.NodeClientMessage, string.Empty, StringComparison.Ordinal);
        string[] english =
        [
            .. EnglishUiPhrases.Where(p => Regex.IsMatch(text, @"(?<![A-Za-z])" + Regex.Escape(p) + @"(?![A-Za-z])")),
            .. sentences ? EnglishSentence.Matches(text).Select(m => m.Value) : [],
        ];
        Assert.True(english.Length == 0, $"{what} shows English UI text: {string.Join(" | ", english.Distinct(StringComparer.Ordinal))}");
    }

    private static async Task<T> EventuallyAsync<T>(Func<T?> probe, string what)
        where T : class
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            if (probe() is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, what);
            await Task.Delay(200);
        }
    }
}
