using BootstrapPortal.Web.Hosting;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BootstrapPortal.Browser.Tests;

/// <summary>
/// An operator finds the bootstrap bindings missing on the RBAC audit page, previews and downloads the fix, creates the bindings
/// and sees the checklist satisfied. Its own portal and sandbox: deleting the bindings must not reach other tests.
/// </summary>
public sealed class RbacChecklistFixFlowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly string[] KubeadmBootstrapBindings =
        ["kubeadm:kubelet-bootstrap", "kubeadm:node-autoapprove-bootstrap", "kubeadm:node-autoapprove-certificate-rotation"];

    [Fact]
    public async Task Missing_bootstrap_bindings_are_shown_fixed_from_the_page_and_shown_satisfied()
    {
        using (var admin = new Kubernetes(fixture.Server.Services.GetRequiredService<SandboxClusterHost>().Cluster.CreateAdminConfiguration()))
        {
            foreach (var name in KubeadmBootstrapBindings)
            {
                await admin.RbacAuthorizationV1.DeleteClusterRoleBindingAsync(name);
            }
        }

        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { AcceptDownloads = true });
        var page = await fixture.OpenAsync(context, "/rbac");
        var missing = page.Locator("[data-testid=checklist-row][data-status=Missing]");
        await Assertions.Expect(missing).ToHaveCountAsync(3, new LocatorAssertionsToHaveCountOptions { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=fix-checklist]")).ToContainTextAsync("Fix selected (3)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "rbac-missing.png"), FullPage = true });

        await page.ClickAsync("[data-testid=fix-checklist]");
        var yaml = page.Locator("[data-testid=fix-yaml]");
        await Assertions.Expect(yaml).ToContainTextAsync("bootstrapportal:node-bootstrapper:system:bootstrappers:kubeadm:default-node-token");
        await Assertions.Expect(page.Locator("[data-testid=fix-binding][data-outcome=Planned]")).ToHaveCountAsync(3);
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=fix-download]"));
        Assert.Equal("bootstrap-bindings.yaml", download.SuggestedFilename);
        var file = Path.Combine(BrowserFixture.ArtifactsDirectory, "bootstrap-bindings.yaml");
        await download.SaveAsAsync(file);
        Assert.Equal(3, KubernetesYaml.LoadAllFromString(await File.ReadAllTextAsync(file)).Count);

        await page.ClickAsync("[data-testid=fix-apply]");
        await Assertions.Expect(page.Locator("[data-testid=fix-binding][data-outcome=Created]")).ToHaveCountAsync(3, new LocatorAssertionsToHaveCountOptions { Timeout = 30_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "rbac-fixed.png") });
        await page.ClickAsync("[data-testid=fix-done]");
        await Assertions.Expect(missing).ToHaveCountAsync(0, new LocatorAssertionsToHaveCountOptions { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=checklist-row][data-requirement=auto-approve-renewals]"))
            .ToContainTextAsync("bootstrapportal:node-autoapprove-certificate-rotation:system:nodes");

        // The preflight ran once the page was interactive.
        await Assertions.Expect(page.Locator("[data-testid=preflight-check]")).ToHaveCountAsync(7, new LocatorAssertionsToHaveCountOptions { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[data-testid=preflight-check][data-id=bootstrap-token-auth]")).ToHaveAttributeAsync("data-status", "Pass");
    }
}
