using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Tokens;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BootstrapPortal.Browser.Tests;

/// <summary>
/// Journeys through the overview, the bootstrap flow and the dialogs as an operator takes them: keyboard only, hostile
/// input rendered as text, overview links that land on filtered lists, and screenshots of each page in both themes.
/// </summary>
public sealed class ExperienceJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private IKubernetes Client => fixture.Server.Services.GetRequiredService<IKubernetes>();

    private async Task<string> CreateClientCsrAsync(string commonName, string prefix)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName("system:nodes");
        subject.AddCommonName(commonName);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        var csr = await Client.CertificatesV1.CreateCertificateSigningRequestAsync(new V1CertificateSigningRequest
        {
            Metadata = new V1ObjectMeta { GenerateName = prefix },
            Spec = new V1CertificateSigningRequestSpec
            {
                Request = Encoding.ASCII.GetBytes(request.CreateSigningRequestPem()),
                SignerName = "kubernetes.io/kube-apiserver-client",
                Usages = ["digital signature", "client auth"],
            },
        });
        return csr.Metadata.Name;
    }

    [Fact]
    public async Task Keyboard_only_approval_returns_focus_to_the_heading()
    {
        var name = await CreateClientCsrAsync("keyboard-user", "keyboard-");
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await fixture.OpenAsync(context, "/csrs/" + name);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(name, new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 });

        // Tab from the top of the page to the Approve button.
        var reached = false;
        for (var i = 0; i < 60 && !reached; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached = await page.EvaluateAsync<bool>("() => document.activeElement?.getAttribute('data-testid') === 'approve'");
        }

        Assert.True(reached, "Tab never reached the Approve button");
        await page.Keyboard.PressAsync("Enter");

        // The reason field has the focus and is empty: typing goes straight into it.
        var reason = page.Locator("[data-testid=reason]");
        await Assertions.Expect(reason).ToBeFocusedAsync();
        await Assertions.Expect(reason).ToHaveValueAsync(string.Empty);
        await page.Keyboard.TypeAsync("known test client, checked by keyboard");
        for (var i = 0; i < 20; i++)
        {
            var onTick = await page.EvaluateAsync<bool>("() => !!document.activeElement?.closest('[data-testid=override],[data-testid=confirm]')");
            var onSubmit = await page.EvaluateAsync<bool>("() => document.activeElement?.getAttribute('data-testid') === 'reason-submit'");
            if (onSubmit && !await page.Locator("[data-testid=reason-submit]").IsDisabledAsync())
            {
                break;
            }

            await page.Keyboard.PressAsync(onTick ? "Space" : "Tab");
            if (onTick)
            {
                await page.Keyboard.PressAsync("Tab");
            }
        }

        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=reason-dialog]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#page-heading")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("[data-testid=condition][data-type=Approved]")).ToHaveCountAsync(1, new LocatorAssertionsToHaveCountOptions { Timeout = 30_000 });
    }

    [Fact]
    public async Task Escape_closes_the_dialog_without_a_decision()
    {
        var name = await CreateClientCsrAsync("escape-user", "escape-");
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await fixture.OpenAsync(context, "/csrs/" + name);
        await page.ClickAsync("[data-testid=deny]");
        await Assertions.Expect(page.Locator("[data-testid=reason]")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");

        await Assertions.Expect(page.Locator("[data-testid=reason-dialog]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=condition]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Hostile_text_in_a_subject_and_a_token_description_renders_as_text()
    {
        const string Payload = "\"><img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script>";
        var csr = await CreateClientCsrAsync("system:node:x" + Payload, "xss-");
        var tokens = fixture.Server.Services.GetRequiredService<IBootstrapTokenService>();
        var admin = new PortalActor("browser-test", PortalActorKind.Person, [], [PortalRole.Admin]);
        var created = await tokens.CreateAsync(new CreateTokenRequest { Description = Payload, Ttl = TimeSpan.FromHours(1) }, admin, CancellationToken.None);

        await using var context = await fixture.Browser.NewContextAsync();
        var page = await fixture.OpenAsync(context, "/csrs/" + csr);
        await Assertions.Expect(page.Locator("[data-testid=request-subject]")).ToContainTextAsync("<script>", new LocatorAssertionsToContainTextOptions { Timeout = 30_000 });
        Assert.Equal(0, await page.Locator("[data-testid=request-subject] img, [data-testid=request-subject] script").CountAsync());

        await page.ClickAsync("text=YAML");
        await Assertions.Expect(page.Locator("[data-testid=object-yaml]")).ToContainTextAsync("kind: CertificateSigningRequest");

        var tokenPage = await fixture.OpenAsync(context, "/tokens");
        await Assertions.Expect(tokenPage.Locator("[data-testid=token-table] tr", new PageLocatorOptions { HasTextString = created.Id })).ToContainTextAsync("onerror", new LocatorAssertionsToContainTextOptions { Timeout = 30_000 });
        Assert.Equal(0, await tokenPage.Locator("[data-testid=token-table] img").CountAsync());

        Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned"));
        Assert.Null(await tokenPage.EvaluateAsync<int?>("() => window.__pwned"));
        await tokens.DeleteAsync(created.Id, admin, CancellationToken.None);
    }

    [Fact]
    public async Task Overview_links_lead_to_filtered_lists()
    {
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await fixture.OpenAsync(context, "/");
        await Assertions.Expect(page.Locator("[data-testid=attention-list], [data-testid=attention-empty]")).ToHaveCountAsync(1, new LocatorAssertionsToHaveCountOptions { Timeout = 60_000 });

        // The sandbox's kubelets ask for serving certificates that wait for a person.
        var pending = page.Locator("[data-testid=attention-pending-csrs] a");
        await Assertions.Expect(pending).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 60_000 });
        Assert.Equal("csrs?state=Pending&sort=created&order=asc", await pending.GetAttributeAsync("href"));
        await pending.ClickAsync();
        await page.WaitForURLAsync("**/csrs?state=Pending&sort=created&order=asc");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Certificate requests");

        await page.GoBackAsync();
        await page.ClickAsync("[data-testid=card-flow]");
        await page.WaitForURLAsync("**/flow");
        await Assertions.Expect(page.Locator("[data-testid=flow-row]").First).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 30_000 });
        await page.ClickAsync("[data-testid=stage-registered]");
        await page.WaitForURLAsync("**/flow?stage=registered");
        var rows = page.Locator("[data-testid=flow-row]");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        // The address changes before the filtered rows arrive: wait until the rows of other stages have gone.
        await Assertions.Expect(page.Locator("[data-testid=flow-row]:not([data-stage=registered])")).ToHaveCountAsync(0, new LocatorAssertionsToHaveCountOptions { Timeout = 30_000 });
        Assert.All(await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.stage)"), s => Assert.Equal("registered", s));
    }

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task Screenshots_of_the_overview_flow_node_and_kubeconfig_pages(string theme)
    {
        var cache = (BootstrapPortal.Core.Cache.ClusterCache)fixture.Server.Services.GetService(typeof(BootstrapPortal.Core.Cache.ClusterCache))!;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (cache.Nodes.Items.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        var node = cache.Nodes.Items.Select(n => n.Metadata.Name).Order(StringComparer.Ordinal).First();
        var directory = Directory.CreateDirectory(Path.Combine(BrowserFixture.ArtifactsDirectory, "screenshots")).FullName;
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            ColorScheme = theme == "dark" ? ColorScheme.Dark : ColorScheme.Light,
        });
        foreach (var (path, file, ready) in new[]
        {
            ("/", "overview", "[data-testid=attention-list], [data-testid=attention-empty]"),
            ("/flow", "flow", "[data-testid=flow-list]"),
            ("/nodes/" + node, "node", "[data-testid=node-flow-panel] [data-testid=flow-stepper]"),
            ("/kubeconfigs", "kubeconfigs", "[data-testid=state-empty]"),
        })
        {
            var page = await fixture.OpenAsync(context, path);
            await Assertions.Expect(page.Locator("#circuit-state")).ToHaveAttributeAsync("data-theme", theme);
            await Assertions.Expect(page.Locator(ready).First).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 60_000 });
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, $"{file}-{theme}.png"), FullPage = true });
            await page.CloseAsync();
        }

        // At phone width the theme toggle and the menu stay on screen.
        // The phone context states the theme as the desktop one does: without it the "-dark" shot came out light.
        await using var phone = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            ColorScheme = theme == "dark" ? ColorScheme.Dark : ColorScheme.Light,
        });
        var small = await fixture.OpenAsync(phone, "/flow");
        await Assertions.Expect(small.Locator("#circuit-state")).ToHaveAttributeAsync("data-theme", theme);
        await Assertions.Expect(small.Locator("[data-testid=flow-list]")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 60_000 });
        foreach (var control in new[] { "[data-testid=theme-toggle]", "[data-testid=menu-toggle]" })
        {
            var box = await small.Locator(control).BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"{control} is off screen at 390 px ({box.X}+{box.Width})");
        }

        await small.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, $"flow-phone-{theme}.png"), FullPage = true });
    }

    [Fact]
    public async Task The_skip_link_moves_focus_to_the_main_content_and_focus_rings_are_visible()
    {
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await fixture.OpenAsync(context, "/flow");
        await page.Locator("h1").WaitForAsync();
        // As after a fresh page load: nothing has the focus, the next Tab starts at the top of the document.
        await page.EvaluateAsync("() => { const start = document.createElement('span'); start.tabIndex = -1; document.body.prepend(start); start.focus(); start.remove(); }");
        await page.Keyboard.PressAsync("Tab");
        var focused = await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML?.slice(0, 200) ?? 'none'");
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement?.dataset?.testid === 'skip-link'"), "first Tab focused " + focused);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#main-content")).ToBeFocusedAsync();
        Assert.EndsWith("/flow", page.Url, StringComparison.Ordinal);

        // The next Tab lands on a control inside the main content, with an outline of at least 2 px.
        await page.Keyboard.PressAsync("Tab");
        var outline = await page.EvaluateAsync<string>("() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth; }");
        Assert.StartsWith("solid ", outline, StringComparison.Ordinal);
        Assert.True(double.Parse(outline.Split(' ')[1].Replace("px", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) >= 2, outline);
    }
}
