using System.Net;
using System.Text;
using System.Text.Json;
using BootstrapPortal.Core.Access;
using BootstrapPortal.Web.Security;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Web.Tests.Authentication;

/// <summary>A person's browser session through the test provider: sign-in, pages, the cookie on the API, sign-out.</summary>
public sealed class CookieSessionTests(OidcPortalFixture fixture) : IClassFixture<OidcPortalFixture>
{
    [Fact]
    public async Task A_page_without_a_session_sends_the_person_to_the_provider()
    {
        using var response = await fixture.Anonymous.GetAsync(new Uri("/tokens", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(fixture.Provider.Issuer.Authority, location.Authority);
        var query = System.Web.HttpUtility.ParseQueryString(location.Query);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.False(string.IsNullOrEmpty(query["code_challenge"]));
        Assert.Contains("openid", query["scope"]!.Split(' '));
    }

    [Fact]
    public async Task Probes_and_the_signed_out_page_stay_anonymous()
    {
        foreach (var path in new[] { "/healthz", "/readyz", "/auth/signed-out" })
        {
            using var response = await fixture.Anonymous.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.IsSuccessStatusCode, path);
        }
    }

    [Fact]
    public async Task A_signed_in_person_reads_the_console_and_the_api_as_themselves()
    {
        using var session = await fixture.SignInAsync("victor");
        using var page = await session.GetAsync(new Uri("/csrs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Matches("data-testid=\"person-name\"[^>]*>victor<", await page.Content.ReadAsStringAsync());
        using var list = await session.GetAsync(new Uri("/api/v1/csrs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task The_session_cookie_is_http_only_and_same_site()
    {
        // Walk the sign-in hop by hop, recording every Set-Cookie header.
        var cookies = new CookieContainer();
        var all = new List<string>();
        using var recording = new HttpClient(new RecordingHandler(all) { InnerHandler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false } })
        {
            BaseAddress = fixture.BaseAddress,
        };
        Uri? next = new("/auth/sign-in?returnUrl=/", UriKind.Relative);
        for (var hop = 0; next is not null && hop < 10; hop++)
        {
            using var response = next.IsAbsoluteUri && next.AbsolutePath == "/login"
                ? await recording.PostAsync(new Uri(fixture.Provider.Issuer, "/login"), new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["username"] = "anna",
                    ["password"] = BootstrapPortal.Tests.Shared.TestIdentityProvider.Password,
                    ["returnUrl"] = System.Web.HttpUtility.ParseQueryString(next.Query)["ReturnUrl"]!,
                }))
                : await recording.GetAsync(next);
            next = response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l : new Uri(response.RequestMessage!.RequestUri!, l)) : null;
        }

        var sessionCookies = all.Where(c => c.StartsWith(".BootstrapPortal.Session", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(sessionCookies);
        Assert.All(sessionCookies, c =>
        {
            Assert.Contains("httponly", c, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=lax", c, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public async Task A_state_change_with_only_the_session_cookie_is_refused_and_creates_nothing()
    {
        using var session = await fixture.SignInAsync("alice");
        var before = await TokenCountAsync(session);
        using var content = new StringContent("""{"ttl":"1h","description":"cookie csrf"}""", Encoding.UTF8, "application/json");
        using var response = await session.PostAsync(new Uri("/api/v1/bootstrap-tokens", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Antiforgery", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await TokenCountAsync(session));
    }

    [Fact]
    public async Task The_person_resolves_with_name_groups_and_roles_from_the_provider()
    {
        using var session = await fixture.SignInAsync("alice");
        using var response = await session.GetAsync(new Uri("/api/v1/audit?limit=1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var resolver = fixture.Server.Services.GetRequiredService<PortalActorResolver>();
        var principal = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new("preferred_username", "alice"), new("groups", "portal-admins"), new("groups", "staff"), new("sub", "sub-alice")],
            BootstrapPortal.Web.Authentication.PortalAuthenticationTypes.Person));
        var actor = resolver.Resolve(principal);
        Assert.Equal(("alice", PortalActorKind.Person), (actor.Name, actor.Kind));
        Assert.Equal(["portal-admins", "staff"], actor.Groups);
        Assert.Equal([PortalRole.Admin], actor.Roles);
    }

    [Fact]
    public async Task Sign_out_needs_the_form_token_and_ends_the_session()
    {
        using var session = await fixture.SignInAsync("victor");
        using (var forged = await session.PostAsync(new Uri("/auth/sign-out", UriKind.Relative), new FormUrlEncodedContent([])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        using (var still = await session.GetAsync(new Uri("/api/v1/csrs", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, still.StatusCode);
        }

        var page = await (await session.GetAsync(new Uri("/", UriKind.Relative))).Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), "the app bar's sign-out form carries an antiforgery token");
        using var signOut = await session.PostAsync(new Uri("/auth/sign-out", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = WebUtilityDecode(token) }));
        Assert.Equal(HttpStatusCode.OK, signOut.StatusCode);
        Assert.Equal("/auth/signed-out", signOut.RequestMessage!.RequestUri!.AbsolutePath);
        using var after = await session.GetAsync(new Uri("/api/v1/csrs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    private static string WebUtilityDecode(string text) => WebUtility.HtmlDecode(text);

    private static async Task<int> TokenCountAsync(HttpClient session)
    {
        using var list = await session.GetAsync(new Uri("/api/v1/bootstrap-tokens", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        using var json = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
        return json.RootElement.GetArrayLength();
    }

    private sealed class RecordingHandler(List<string> setCookies) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var values))
            {
                setCookies.AddRange(values);
            }

            return response;
        }
    }
}
