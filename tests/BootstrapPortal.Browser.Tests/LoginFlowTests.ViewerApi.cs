using BootstrapPortal.Tests.Shared;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BootstrapPortal.Browser.Tests;

/// <summary>A viewer cannot approve from the list nor through the JSON API with their own browser session; an approver's same call succeeds.</summary>
public sealed partial class LoginFlowTests
{
    /// <summary>
    /// The page's own fetch to the approval endpoint with the session cookie and the antiforgery token of the page's sign-out
    /// form (what a script on the portal's origin could send), overriding the verdict as the API allows, as JSON <c>{status, body}</c>.
    /// </summary>
    private const string ApproveFromThePage = """
        async ([name, withToken]) => {
          const token = document.querySelector('[data-testid=sign-out-form] input[name=__RequestVerificationToken]')?.value;
          const headers = { 'Content-Type': 'application/json' };
          if (withToken && token) { headers['RequestVerificationToken'] = token; }
          const response = await fetch('api/v1/csrs/' + encodeURIComponent(name) + '/approve', {
            method: 'POST', credentials: 'same-origin', headers, body: JSON.stringify({ reason: 'from the page session', override: true })
          });
          return JSON.stringify({ status: response.status, body: await response.text(), token: !!token });
        }
        """;

    private static readonly System.Text.Json.JsonSerializerOptions WebJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    private sealed record FetchResult(int Status, string Body, bool Token);

    private static async Task<FetchResult> ApproveThroughTheApiAsync(IPage page, string name, bool withToken)
    {
        var json = await page.EvaluateAsync<string>(ApproveFromThePage, new object[] { name, withToken });
        return System.Text.Json.JsonSerializer.Deserialize<FetchResult>(json, WebJson)!;
    }

    [Fact]
    public async Task A_viewer_cannot_approve_from_the_list_nor_through_the_api_with_their_session()
    {
        var client = fixture.Server.Services.GetRequiredService<IKubernetes>();
        var name = await ServingCsrs.CreatePendingAsync(client, "viewer-api");
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await SignInAsync(context, "victor", "/csrs?state=Pending&q=" + Uri.EscapeDataString(name));
        await Assertions.Expect(page.Locator("[data-testid=csr-link]")).ToHaveTextAsync(name, new LocatorAssertionsToHaveTextOptions { Timeout = 60_000 });

        // The list: no bulk approval, the reason said, no selection boxes that would lead nowhere either way.
        await Assertions.Expect(page.Locator("[data-testid=approve-all-passing]")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("[data-testid=approve-selected]")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("[data-testid=decide-why]")).ToBeVisibleAsync();

        // The API with the viewer's own session and a valid antiforgery token: refused for the role, not for the token.
        var refused = await ApproveThroughTheApiAsync(page, name, withToken: true);
        Assert.True(refused.Token, "the page carries an antiforgery token");
        Assert.Equal(403, refused.Status);
        Assert.DoesNotContain("Antiforgery", refused.Body, StringComparison.OrdinalIgnoreCase);

        // Reading is allowed to a viewer through the same session.
        var read = await page.EvaluateAsync<int>("async name => (await fetch('api/v1/csrs/' + encodeURIComponent(name), { credentials: 'same-origin' })).status", name);
        Assert.Equal(200, read);

        var untouched = await client.CertificatesV1.ReadCertificateSigningRequestAsync(name);
        Assert.Empty(untouched.Status?.Conditions ?? []);

        // The same call from an approver's session goes through: the refusal above was the viewer's role.
        await using var approverContext = await fixture.Browser.NewContextAsync();
        var approver = await SignInAsync(approverContext, "anna", "/csrs?state=Pending&q=" + Uri.EscapeDataString(name));
        await Assertions.Expect(approver.Locator("[data-testid=csr-link]")).ToHaveTextAsync(name, new LocatorAssertionsToHaveTextOptions { Timeout = 60_000 });
        var allowed = await ApproveThroughTheApiAsync(approver, name, withToken: true);
        Assert.True(allowed.Status == 200, $"the approver's call answered {allowed.Status}: {allowed.Body}");
        var approved = await client.CertificatesV1.ReadCertificateSigningRequestAsync(name);
        Assert.Contains(approved.Status.Conditions, c => c.Type == "Approved" && c.Message.Contains("anna", StringComparison.Ordinal));
    }
}
