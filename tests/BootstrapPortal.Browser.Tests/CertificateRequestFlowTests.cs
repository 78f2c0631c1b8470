using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BootstrapPortal.Browser.Tests;

/// <summary>An admin works through pending CSRs in the browser: reads one, approves it with a reason, denies another, bulk-approves.</summary>
public class CertificateRequestFlowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private IKubernetes Client => fixture.Server.Services.GetRequiredService<IKubernetes>();

    private async Task<string> CreateServingCsrAsync(string commonName, string nodeIp)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"O=system:nodes, CN={commonName}"), key, HashAlgorithmName.SHA256);
        var sans = new SubjectAlternativeNameBuilder();
        sans.AddIpAddress(System.Net.IPAddress.Parse(nodeIp));
        request.CertificateExtensions.Add(sans.Build());
        var pem = request.CreateSigningRequestPem();
        var csr = await Client.CertificatesV1.CreateCertificateSigningRequestAsync(new V1CertificateSigningRequest
        {
            Metadata = new V1ObjectMeta { GenerateName = "browser-" },
            Spec = new V1CertificateSigningRequestSpec
            {
                Request = Encoding.ASCII.GetBytes(pem),
                SignerName = "kubernetes.io/kubelet-serving",
                Usages = ["digital signature", "server auth"],
            },
        });
        return csr.Metadata.Name;
    }

    private static async Task<IPage> WaitForRowAsync(IPage page, string name)
    {
        await Assertions.Expect(page.Locator("[data-testid=csr-link]", new PageLocatorOptions { HasTextString = name })).ToHaveCountAsync(1, new LocatorAssertionsToHaveCountOptions { Timeout = 30_000 });
        return page;
    }

    [Fact]
    public async Task Approve_with_reason_lands_as_a_condition_naming_the_person()
    {
        var name = await CreateServingCsrAsync("system:node:browser-approve", "10.9.9.9");
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await fixture.OpenAsync(context, "/csrs");
        await WaitForRowAsync(page, name);
        await page.Locator("[data-testid=csr-link]", new PageLocatorOptions { HasTextString = name }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(name);
        await Assertions.Expect(page.Locator("[data-testid=request-subject]")).ToContainTextAsync("system:node:browser-approve");

        // Every check is listed, passed or not: this node is not registered, which fails the serving policy.
        await Assertions.Expect(page.Locator("[data-testid=check][data-id=node-registered][data-result=Fail]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=check][data-id=signature][data-result=Pass]")).ToHaveCountAsync(1);

        await page.ClickAsync("[data-testid=approve]");
        var reason = page.Locator("[data-testid=reason]");
        await reason.FillAsync("checked the node's address by hand");
        await Assertions.Expect(page.Locator("[data-testid=reason-problem]", new PageLocatorOptions { HasTextString = "is not registered" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=reason-submit]")).ToBeDisabledAsync();
        await page.Locator("[data-testid=override]").ClickAsync();

        await page.ClickAsync("[data-testid=reason-submit]");
        var approved = page.Locator("[data-testid=condition][data-type=Approved]");
        await Assertions.Expect(approved).ToContainTextAsync("checked the node's address by hand (by anonymous@loopback via BootstrapPortal)", new LocatorAssertionsToContainTextOptions { Timeout = 30_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "csr-detail.png"), FullPage = true });

        var stored = await Client.CertificatesV1.ReadCertificateSigningRequestAsync(name);
        var condition = Assert.Single(stored.Status.Conditions, c => c.Type == "Approved");
        Assert.Equal("True", condition.Status);
        Assert.Contains("anonymous@loopback via BootstrapPortal", condition.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deny_from_the_detail_page()
    {
        var name = await CreateServingCsrAsync("system:node:browser-deny", "10.9.9.8");
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await fixture.OpenAsync(context, "/csrs/" + name);
        await page.ClickAsync("[data-testid=deny]");
        await page.Locator("[data-testid=reason]").FillAsync("unknown node");
        await page.ClickAsync("[data-testid=reason-submit]");
        await Assertions.Expect(page.Locator("[data-testid=csr-state]")).ToHaveAttributeAsync("data-state", "Denied", new LocatorAssertionsToHaveAttributeOptions { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=deny]")).ToBeDisabledAsync();
    }

    [Fact]
    public async Task Markup_in_a_subject_is_shown_as_text()
    {
        var name = await CreateServingCsrAsync("<script>window.__pwned=1</script>", "10.9.9.7");
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await fixture.OpenAsync(context, "/csrs");
        await WaitForRowAsync(page, name);
        var row = page.Locator("[data-testid=csr-table] tr", new PageLocatorOptions { HasTextString = name });
        await Assertions.Expect(row.Locator("[data-testid=csr-cn]")).ToHaveTextAsync("<script>window.__pwned=1</script>");
        Assert.Equal(0, await page.Locator("[data-testid=csr-cn] script").CountAsync());
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned"));
    }

    [Fact]
    public async Task Bulk_approval_shows_progress_and_a_result_per_item()
    {
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await fixture.OpenAsync(context, "/csrs");
        await page.WaitForSelectorAsync("[data-testid=csr-table]", new PageWaitForSelectorOptions { Timeout = 60_000 });
        // The kubelets' own serving requests pass; wait until the button counts them.
        await Assertions.Expect(page.Locator("[data-testid=approve-all-passing]")).ToBeEnabledAsync(new LocatorAssertionsToBeEnabledOptions { Timeout = 60_000 });
        var counted = int.Parse(await page.Locator("[data-testid=passing-count]").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        await page.ClickAsync("[data-testid=approve-all-passing]");
        await Assertions.Expect(page.Locator("[data-testid=reason]")).ToHaveValueAsync(string.Empty);
        await page.Locator("[data-testid=reason]").FillAsync("serving requests of the sandbox's own kubelets");
        await page.ClickAsync("[data-testid=reason-submit]");
        await Assertions.Expect(page.Locator("[data-testid=bulk-panel]")).ToContainTextAsync("finished", new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });
        var results = page.Locator("[data-testid=bulk-result]");
        Assert.True(counted >= 1);
        Assert.Equal(counted, await results.CountAsync());
        Assert.Equal(counted, await page.Locator("[data-testid=bulk-result][data-outcome=Approved]").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "csr-bulk.png"), FullPage = true });
    }

    [Fact]
    public async Task The_policy_page_dry_runs_a_draft_and_shows_each_decision_with_its_reason()
    {
        await CreateServingCsrAsync("system:node:browser-dry-run", "10.9.9.6");
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await fixture.OpenAsync(context, "/policy/serving");
        await Assertions.Expect(page.Locator("[data-testid=policy-form]")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 60_000 });
        await page.Locator("[data-testid=field-nodeNamePattern]").FillAsync("no-such-node-.*");
        await page.Locator("[data-testid=field-nodeNamePattern]").PressAsync("Tab");

        await page.ClickAsync("[data-testid=dry-run]");

        var rows = page.Locator("[data-testid=dry-run-row]");
        await Assertions.Expect(rows.First).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 60_000 });
        Assert.Equal(await rows.CountAsync(), await page.Locator("[data-testid=dry-run-row][data-decision=Deny]").CountAsync());
        await Assertions.Expect(page.Locator("[data-testid=dry-run-reason]", new PageLocatorOptions { HasTextString = "[node-name-pattern]" }).First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "serving-policy-dry-run.png"), FullPage = true });

        // A dry run writes nothing.
        var pending = await Client.CertificatesV1.ListCertificateSigningRequestAsync();
        Assert.Contains(pending.Items, c => c.Spec.SignerName == "kubernetes.io/kubelet-serving" && (c.Status?.Conditions ?? []).Count == 0);
    }
}
