using Microsoft.Playwright;

namespace BootstrapPortal.Browser.Tests;

/// <summary>
/// On the RBAC audit page of a healthy cluster an operator follows a who-can path to the binding behind it, and is warned in the
/// create-token form before minting a token that cannot bootstrap (the fix of missing bindings is <see cref="RbacChecklistFixFlowTests"/>).
/// </summary>
public sealed class RbacAuditFlowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
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
        Assert.DoesNotContain("managedFields:", await page.Locator("[data-testid=rbac-yaml]").TextContentAsync() ?? string.Empty, StringComparison.Ordinal);
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
        await groups.BlurAsync();
        await Assertions.Expect(check).ToHaveAttributeAsync("data-result", "cannot-bootstrap", new LocatorAssertionsToHaveAttributeOptions { Timeout = 10_000 });
        await Assertions.Expect(check).ToContainTextAsync("cannot bootstrap a node");
        await Assertions.Expect(page.Locator("[data-testid=create-submit]")).ToBeDisabledAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "token-cannot-bootstrap.png") });
        await page.ClickAsync("[data-testid=create-anyway]");
        await Assertions.Expect(page.Locator("[data-testid=create-submit]")).ToBeEnabledAsync();
    }
}
