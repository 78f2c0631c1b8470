using System.Text.RegularExpressions;
using BootstrapPortal.Tests.Shared;
using k8s;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Web.Tests.Authentication;

/// <summary>
/// Every console action × every role, as the pages render for a person signed in through the test provider: what the role
/// does not grant is disabled with the reason, what it grants is enabled; a Provisioner gets the "API only" page and a
/// person with no role a "No access" page instead of any console page.
/// </summary>
public sealed partial class UiRoleMatrixTests(OidcPortalFixture fixture) : IClassFixture<OidcPortalFixture>
{
    /// <summary>Console actions: page, the button's test id, and which test users may use it.</summary>
    private static readonly (string Page, string Button, string[] Allowed)[] Actions =
    [
        ("/tokens", "create-token", ["alice"]),
        ("/kubeconfigs", "generate", ["alice"]),
        ("/csrs/{csr}", "approve", ["alice", "anna"]),
        ("/csrs/{csr}", "deny", ["alice", "anna"]),
    ];

    private static readonly string[] ConsoleUsers = ["alice", "anna", "victor"];

    [Fact]
    public async Task Each_role_sees_exactly_its_actions_enabled_and_the_reason_for_the_rest()
    {
        var csr = await ServingCsrs.CreatePendingAsync(fixture.Server.Services.GetRequiredService<IKubernetes>(), "ui-matrix");
        var wrong = new List<string>();
        foreach (var user in ConsoleUsers)
        {
            using var session = await fixture.SignInAsync(user);
            foreach (var (page, button, allowed) in Actions)
            {
                var html = await GetWhenRenderedAsync(session, page.Replace("{csr}", csr, StringComparison.Ordinal), button);
                var disabled = IsDisabled(html, button);
                var expected = !allowed.Contains(user);
                if (disabled != expected)
                {
                    wrong.Add($"{user} {page} {button}: disabled={disabled}, expected {expected}");
                }

                if (expected && !html.Contains("Needs the ", StringComparison.Ordinal))
                {
                    wrong.Add($"{user} {page} {button}: disabled without saying which role it needs");
                }
            }

            var audit = await (await session.GetAsync(new Uri("/audit", UriKind.Relative))).Content.ReadAsStringAsync();
            // The trail itself: its table, or its empty state when nothing matches yet (never the "needs a role" panel).
            var auditShown = audit.Contains("data-testid=\"audit-table\"", StringComparison.Ordinal) || audit.Contains("data-testid=\"state-empty\"", StringComparison.Ordinal);
            if (auditShown != (user == "alice"))
            {
                wrong.Add($"{user} /audit: table shown={auditShown}");
            }
        }

        Assert.Empty(wrong);
    }

    [Theory]
    [InlineData("pat", "api-only")]
    [InlineData("nora", "no-role")]
    public async Task A_person_without_a_console_role_gets_a_clear_page_and_no_cluster_data(string user, string panel)
    {
        var csr = await ServingCsrs.CreatePendingAsync(fixture.Server.Services.GetRequiredService<IKubernetes>(), "ui-matrix");
        using var session = await fixture.SignInAsync(user);
        foreach (var path in new[] { "/", "/tokens", "/csrs", "/csrs/" + csr, "/kubeconfigs", "/audit" })
        {
            var html = await (await session.GetAsync(new Uri(path, UriKind.Relative))).Content.ReadAsStringAsync();
            Assert.Contains($"data-testid=\"{panel}\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain(csr, html, StringComparison.Ordinal);
            Assert.DoesNotContain("data-testid=\"token-table\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_app_bar_names_the_person_and_offers_sign_out()
    {
        using var session = await fixture.SignInAsync("anna");
        var html = await (await session.GetAsync(new Uri("/", UriKind.Relative))).Content.ReadAsStringAsync();
        Assert.Matches("data-testid=\"person-name\"[^>]*>anna<", html);
        Assert.Contains("data-testid=\"sign-out-form\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"nav-audit\"", html, StringComparison.Ordinal);
    }

    /// <summary>The page once its button is in it (a CSR created a moment ago may not be in the cache yet).</summary>
    private static async Task<string> GetWhenRenderedAsync(HttpClient session, string path, string button)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var html = await (await session.GetAsync(new Uri(path, UriKind.Relative))).Content.ReadAsStringAsync();
            if (ButtonTag(html, button) is not null || DateTime.UtcNow > deadline)
            {
                return html;
            }

            await Task.Delay(250);
        }
    }

    private static bool IsDisabled(string html, string button)
    {
        var tag = ButtonTag(html, button) ?? throw new InvalidOperationException($"The page has no {button} button.");
        return DisabledAttribute().IsMatch(tag);
    }

    private static string? ButtonTag(string html, string button)
    {
        var match = Regex.Match(html, $"<button[^>]*data-testid=\"{Regex.Escape(button)}\"[^>]*>");
        return match.Success ? match.Value : null;
    }


    [GeneratedRegex(@"\sdisabled(\s|=|>|/)")]
    private static partial Regex DisabledAttribute();
}
