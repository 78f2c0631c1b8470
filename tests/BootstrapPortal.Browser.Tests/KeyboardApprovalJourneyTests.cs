using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BootstrapPortal.Browser.Tests;

/// <summary>
/// Keyboard only, starting on the request list: the skip link, Tab to the pending request's Open action, Enter, Tab to
/// Approve, a reason typed, Enter; the focus lands on the request's heading, the result is said in the live region, and the
/// request is approved and signed in the cluster.
/// </summary>
public sealed class KeyboardApprovalJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private IKubernetes Client => fixture.Server.Services.GetRequiredService<IKubernetes>();

    private async Task<string> CreateClientCsrAsync()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName("keyboard-list-user");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        var csr = await Client.CertificatesV1.CreateCertificateSigningRequestAsync(new V1CertificateSigningRequest
        {
            Metadata = new V1ObjectMeta { GenerateName = "keyboard-list-" },
            Spec = new V1CertificateSigningRequestSpec
            {
                Request = Encoding.ASCII.GetBytes(request.CreateSigningRequestPem()),
                SignerName = "kubernetes.io/kube-apiserver-client",
                Usages = ["digital signature", "client auth"],
            },
        });
        return csr.Metadata.Name;
    }

    private static Task<string?> FocusedTestIdAsync(IPage page) =>
        page.EvaluateAsync<string?>("() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid') ?? null");

    /// <summary>Presses Tab until <paramref name="isTarget"/> holds for the focused element; false when it never does.</summary>
    private static async Task<bool> TabToAsync(IPage page, string isTarget, int limit = 120)
    {
        for (var i = 0; i < limit; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>(isTarget))
            {
                return true;
            }
        }

        return false;
    }

    [Fact]
    public async Task From_the_list_to_an_issued_certificate_by_keyboard_alone()
    {
        var name = await CreateClientCsrAsync();
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var page = await fixture.OpenAsync(context, "/csrs?state=Pending&q=" + Uri.EscapeDataString(name));
        await Assertions.Expect(page.Locator("[data-testid=csr-link]")).ToHaveTextAsync(name, new LocatorAssertionsToHaveTextOptions { Timeout = 60_000 });

        // As after a fresh load: the first Tab reaches the skip link, Enter moves into the main content.
        await page.EvaluateAsync("() => { const start = document.createElement('span'); start.tabIndex = -1; document.body.prepend(start); start.focus(); start.remove(); }");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("skip-link", await FocusedTestIdAsync(page));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#main-content")).ToBeFocusedAsync();

        // Tab through the filters and the table to this request's Open action, and open it.
        var open = $"() => document.activeElement?.getAttribute('data-testid') === 'csr-open' && document.activeElement.closest('tr')?.textContent.includes({System.Text.Json.JsonSerializer.Serialize(name)})";
        Assert.True(await TabToAsync(page, open), "Tab never reached the request's Open action");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/csrs/" + name);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(name, new LocatorAssertionsToHaveTextOptions { Timeout = 60_000 });

        // On the request's page: Tab to Approve, Enter; the reason field has the focus.
        Assert.True(await TabToAsync(page, "() => document.activeElement?.getAttribute('data-testid') === 'approve'"), "Tab never reached Approve");
        await page.Keyboard.PressAsync("Enter");
        var reason = page.Locator("[data-testid=reason]");
        await Assertions.Expect(reason).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("a known test client, approved from the list by keyboard");

        // Tick any confirmation or override the verdict asks for with Space, then Tab to the enabled submit button.
        for (var i = 0; i < 20; i++)
        {
            var onTick = await page.EvaluateAsync<bool>("() => !!document.activeElement?.closest('[data-testid=override],[data-testid=confirm]') && !document.activeElement.checked");
            var onSubmit = await page.EvaluateAsync<bool>("() => document.activeElement?.getAttribute('data-testid') === 'reason-submit'");
            if (onSubmit && !await page.Locator("[data-testid=reason-submit]").IsDisabledAsync())
            {
                break;
            }

            await page.Keyboard.PressAsync(onTick ? "Space" : "Tab");
        }

        Assert.Equal("reason-submit", await FocusedTestIdAsync(page));
        await page.Keyboard.PressAsync("Enter");

        // The dialog is gone, the focus is on the request's heading, and the outcome is said.
        await Assertions.Expect(page.Locator("[data-testid=reason-dialog]")).ToHaveCountAsync(0, new LocatorAssertionsToHaveCountOptions { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#page-heading")).ToBeFocusedAsync(new LocatorAssertionsToBeFocusedOptions { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=live-result]")).ToContainTextAsync("approved from the list by keyboard", new LocatorAssertionsToContainTextOptions { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=condition][data-type=Approved]")).ToHaveCountAsync(1, new LocatorAssertionsToHaveCountOptions { Timeout = 30_000 });

        // In the cluster: approved in the portal's name for this person, then signed.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        V1CertificateSigningRequest csr;
        while ((csr = await Client.CertificatesV1.ReadCertificateSigningRequestAsync(name)).Status?.Certificate is not { Length: > 0 })
        {
            Assert.True(DateTime.UtcNow < deadline, $"{name} was issued a certificate");
            await Task.Delay(250);
        }

        var approved = Assert.Single(csr.Status.Conditions, c => c.Type == "Approved");
        Assert.Contains("approved from the list by keyboard", approved.Message, StringComparison.Ordinal);
    }
}
