using BootstrapPortal.Web.Hosting;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BootstrapPortal.Browser.Tests;

/// <summary>
/// An operator finds the bootstrap bindings missing on the RBAC audit page, previews and creates them, follows a who-can path to
/// the binding behind it, and is warned in the create-token form before minting a token that cannot bootstrap.
/// </summary>
public sealed class RbacAuditFlowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
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

    [Fact]
    public async Task Who_can_leads_to_the_binding_and_its_yaml()
    {
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await fixture.OpenAsync(context, "/rbac");
        var subjects = page.Locator("[data-testid=who-can-subject]");
        await Assertions.Expect(subjects.First).ToHaveTextAsync("Group system:masters", new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=who-can-table]")).ToContainTextAsync("ServiceAccount kube-system/certificate-controller");

        await page.Locator("[data-testid=who-can-table] [data-testid=rbac-link]", new PageLocatorOptions { HasTextString = "system:controller:certificate-controller" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("ClusterRoleBinding system:controller:certificate-controller");
        await Assertions.Expect(page.Locator("[data-testid=rbac-yaml]")).ToContainTextAsync("kind: ClusterRoleBinding");
        await Assertions.Expect(page.Locator("[data-testid=rbac-subject]")).ToContainTextAsync("ServiceAccount kube-system/certificate-controller");
        Assert.DoesNotContain("managedFields", await page.Locator("[data-testid=rbac-yaml]").TextContentAsync() ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_create_token_form_prefills_the_granted_group_and_warns_before_a_token_that_cannot_bootstrap()
    {
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await fixture.OpenAsync(context, "/tokens");
        await page.ClickAsync("[data-testid=create-token]");
        var groups = page.Locator("[data-testid=groups]");
        await Assertions.Expect(groups).ToHaveValueAsync("system:bootstrappers:kubeadm:default-node-token", new LocatorAssertionsToHaveValueOptions { Timeout = 30_000 });
        var check = page.Locator("[data-testid=create-check]");
        await Assertions.Expect(check).ToHaveAttributeAsync("data-result", "auto-approved");

        await groups.FillAsync(string.Empty);
        await Assertions.Expect(check).ToHaveAttributeAsync("data-result", "cannot-bootstrap", new LocatorAssertionsToHaveAttributeOptions { Timeout = 10_000 });
        await Assertions.Expect(check).ToContainTextAsync("cannot bootstrap a node");
        await Assertions.Expect(page.Locator("[data-testid=create-submit]")).ToBeDisabledAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "token-cannot-bootstrap.png") });
        await page.ClickAsync("[data-testid=create-anyway]");
        await Assertions.Expect(page.Locator("[data-testid=create-submit]")).ToBeEnabledAsync();
    }
}
