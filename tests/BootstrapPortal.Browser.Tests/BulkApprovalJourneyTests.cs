using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Web.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BootstrapPortal.Browser.Tests;

/// <summary>
/// An approver selects several pending requests on the list, one of them failing its verdict, and approves the selection
/// with one reason: the failing one is skipped and named, the others are approved and signed in the cluster, the focus is
/// back on the list and the result is said in the live region.
/// </summary>
public sealed class BulkApprovalJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private IKubernetes Client => fixture.Server.Services.GetRequiredService<IKubernetes>();

    private static async Task<T> EventuallyAsync<T>(Func<T?> probe, string what)
        where T : class
    {
        var deadline = DateTime.UtcNow + Patience;
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

    [Fact]
    public async Task Bulk_approval_of_a_selection_skips_the_failing_request_names_it_and_issues_the_others()
    {
        var cache = fixture.Server.Services.GetRequiredService<BootstrapPortal.Core.Cache.ClusterCache>();
        var node = await EventuallyAsync(() => cache.Nodes.Items.Select(n => n.Metadata.Name).Order(StringComparer.Ordinal).FirstOrDefault(), "a sandbox node registered");
        var failing = await NodeTakeoverRequest.CreateAsync(fixture.Server, node);
        var catalog = fixture.Server.Services.GetRequiredService<CsrCatalog>();

        // The takeover is judged Fail; the sandbox kubelets' own serving requests pass.
        await EventuallyAsync(() => catalog.Get(failing) is { Verdict.Result: CsrVerdictResult.Fail } e ? e : null, "the node takeover is judged Fail");
        var passing = await EventuallyAsync(() =>
        {
            var names = catalog.Snapshot.Entries.Where(e => e.View.IsPending && e.Verdict.Result == CsrVerdictResult.Pass).Select(e => e.Name).Order(StringComparer.Ordinal).Take(2).ToArray();
            return names.Length == 2 ? names : null;
        }, "two pending requests pass their verdict");
        string[] selected = [.. passing, failing];

        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var page = await fixture.OpenAsync(context, "/csrs?state=Pending&size=100");
        foreach (var name in selected)
        {
            var row = page.Locator("[data-testid=csr-table] tbody tr", new PageLocatorOptions { Has = page.Locator($"[data-testid=csr-link]:text-is(\"{name}\")") });
            await Assertions.Expect(row).ToHaveCountAsync(1, new LocatorAssertionsToHaveCountOptions { Timeout = 60_000 });
            await row.Locator("input[type=checkbox][data-testid=select-csr], [data-testid=select-csr] input[type=checkbox]").CheckAsync();
        }

        await Assertions.Expect(page.Locator("[data-testid=selected-count]")).ToHaveTextAsync("3");
        await page.ClickAsync("[data-testid=approve-selected]");

        // The dialog counts two passing and one failing, shows why that one fails, and approves two unless it is overridden.
        var dialog = page.Locator("[data-testid=bulk-dialog]");
        await Assertions.Expect(dialog.Locator($"[data-testid=bulk-fail-item][data-name=\"{failing}\"]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=bulk-warn-item]")).ToHaveCountAsync(0);
        await page.Locator("[data-testid=reason]").FillAsync("serving requests of the sandbox kubelets, checked against the inventory");
        await Assertions.Expect(page.Locator("[data-testid=reason-submit]")).ToContainTextAsync("2");
        await page.ClickAsync("[data-testid=reason-submit]");

        // One result per selected request: the failing one skipped and named.
        var results = page.Locator("[data-testid=bulk-result]");
        await Assertions.Expect(results).ToHaveCountAsync(3, new LocatorAssertionsToHaveCountOptions { Timeout = 60_000 });
        await Assertions.Expect(page.Locator($"[data-testid=bulk-result][data-name=\"{failing}\"]")).ToHaveAttributeAsync("data-outcome", nameof(CsrDecisionOutcome.Skipped));
        await Assertions.Expect(page.Locator($"[data-testid=bulk-result][data-name=\"{failing}\"]")).ToContainTextAsync(failing);
        foreach (var name in passing)
        {
            await Assertions.Expect(page.Locator($"[data-testid=bulk-result][data-name=\"{name}\"]")).ToHaveAttributeAsync("data-outcome", nameof(CsrDecisionOutcome.Approved));
        }

        // The focus is back on the list, and the outcome is in the polite live region.
        await Assertions.Expect(page.Locator("#page-heading")).ToBeFocusedAsync(new LocatorAssertionsToBeFocusedOptions { Timeout = 30_000 });
        var live = page.Locator("[data-testid=live-result]");
        await Assertions.Expect(live).ToHaveAttributeAsync("aria-live", "polite");
        await Assertions.Expect(live).ToContainTextAsync("2", new LocatorAssertionsToContainTextOptions { Timeout = 30_000 });
        await Assertions.Expect(live).ToContainTextAsync("3");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "csr-bulk-selection.png"), FullPage = true });

        // In the cluster: the passing ones approved by the person and signed, the failing one untouched.
        foreach (var name in passing)
        {
            var issued = await WaitForCertificateAsync(name);
            var approved = Assert.Single(issued.Status.Conditions, c => c.Type == "Approved");
            Assert.Contains("checked against the inventory", approved.Message, StringComparison.Ordinal);
        }

        var untouched = await Client.CertificatesV1.ReadCertificateSigningRequestAsync(failing);
        Assert.Empty(untouched.Status?.Conditions ?? []);
        Assert.True(untouched.Status?.Certificate is null or { Length: 0 });
    }

    private async Task<V1CertificateSigningRequest> WaitForCertificateAsync(string name)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var csr = await Client.CertificatesV1.ReadCertificateSigningRequestAsync(name);
            if (csr.Status?.Certificate is { Length: > 0 })
            {
                return csr;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{name} was issued a certificate");
            await Task.Delay(250);
        }
    }
}
