using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BootstrapPortal.Core.Access;
using BootstrapPortal.Tests.Shared;
using BootstrapPortal.Web.Api;
using BootstrapPortal.Web.Tests.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;

namespace BootstrapPortal.Web.Tests.Authentication;

/// <summary>
/// Every API endpoint in the route table × every role, with bearer tokens from the test provider: a call the role does not
/// grant answers 403 naming the role it needs, a granted one gets past authorization, no credentials answers 401 — never a
/// redirect. A new endpoint is covered the moment it is mapped.
/// </summary>
public sealed class ApiRoleMatrixTests(OidcPortalFixture fixture) : IClassFixture<OidcPortalFixture>
{
    /// <summary>Script clients of the test provider and the role their groups map to (null: a group with no role).</summary>
    private static readonly (string Script, PortalRole? Role)[] Callers =
    [
        ("script-none", null), ("script-viewer", PortalRole.Viewer), ("script-approver", PortalRole.Approver),
        ("script-admin", PortalRole.Admin), ("script-provisioner", PortalRole.Provisioner),
    ];

    private IReadOnlyList<(string Method, string Route, string Policy)> Routes() =>
        [.. ApiRoutes.Endpoints(fixture.Server.Services).SelectMany(e =>
            (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m =>
                (m, e.RoutePattern.RawText!, e.Metadata.GetOrderedMetadata<IAuthorizeData>().Single().Policy!)))];

    /// <summary>A concrete request for a route: unknown names (nothing is changed), JSON bodies the handlers accept.</summary>
    private static HttpRequestMessage RequestFor(string method, string route)
    {
        var path = route.Replace("{id}", "zzzzzz", StringComparison.Ordinal)
            .Replace("{name}", "matrix-no-such-csr", StringComparison.Ordinal)
            .Replace("{nodeName}", "matrix-node", StringComparison.Ordinal);
        path = System.Text.RegularExpressions.Regex.Replace(path, "{[^}]+}", "matrix-x");
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH" or "DELETE")
        {
            // Every state-changing API call declares a JSON body (a DELETE sends an empty one).
            var body = route.EndsWith("/extend", StringComparison.Ordinal) ? """{"extendBy":"1h"}"""
                : route.EndsWith("/approve", StringComparison.Ordinal) || route.EndsWith("/deny", StringComparison.Ordinal) ? """{"reason":"role matrix"}"""
                : route.EndsWith("/bootstrap-tokens", StringComparison.Ordinal) ? """{"ttl":"1h","description":"role matrix"}"""
                : method == "DELETE" ? string.Empty
                : "{}";
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return request;
    }

    [Fact]
    public async Task Every_endpoint_times_every_role_allows_exactly_what_the_role_table_grants()
    {
        var routes = Routes();
        Assert.True(routes.Count >= 10, "the route table lists the API");
        var wrong = new List<string>();
        foreach (var (script, role) in Callers)
        {
            using var client = await fixture.ScriptClientAsync(script);
            foreach (var (method, route, policy) in routes)
            {
                var permission = PortalPermissions.PermissionFor(policy);
                var granted = role is { } r && PortalRoles.Grants(r, permission);
                using var response = await client.SendAsync(RequestFor(method, route));
                var status = (int)response.StatusCode;
                if (granted && status is 401 or 403)
                {
                    wrong.Add($"{script} {method} {route}: {status}, but {role} grants {permission}");
                }
                else if (!granted)
                {
                    if (status != 403)
                    {
                        wrong.Add($"{script} {method} {route}: {status}, expected 403 (needs {permission})");
                        continue;
                    }

                    using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                    Assert.Equal(PortalRoles.LeastRoleFor(permission).ToString(), problem.RootElement.GetProperty("requiredRole").GetString());
                    Assert.Contains($"needs the {PortalRoles.LeastRoleFor(permission)} role", problem.RootElement.GetProperty("title").GetString(), StringComparison.Ordinal);
                }
            }
        }

        Assert.Empty(wrong);
    }

    [Fact]
    public async Task Without_credentials_every_endpoint_answers_401_problem_details_never_a_redirect()
    {
        foreach (var (method, route, _) in Routes())
        {
            using var response = await fixture.Anonymous.SendAsync(RequestFor(method, route));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {route}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Null(response.Headers.Location);
        }
    }

    [Fact]
    public async Task Metrics_need_a_role_that_reads_nodes_like_the_nodes_api()
    {
        var metrics = new Uri("/metrics", UriKind.Relative);
        using (var anonymous = await fixture.Anonymous.GetAsync(metrics))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.DoesNotContain("bootstrapportal_", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var none = await fixture.ScriptClientAsync("script-none"))
        using (var refused = await none.GetAsync(metrics))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using var viewer = await fixture.ScriptClientAsync("script-viewer");
        using var scraped = await viewer.GetAsync(metrics);
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Contains("bootstrapportal_", await scraped.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_or_foreign_token_is_not_accepted()
    {
        var token = await fixture.TokenAsync("script-admin");
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url(parts[1]));
        var tampered = parts[0] + "." + Convert.ToBase64String(Encoding.UTF8.GetBytes(payload.Replace(TestIdentityProvider.AdminGroup, TestIdentityProvider.AdminGroup + "x", StringComparison.Ordinal)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_') + "." + parts[2];
        foreach (var bad in new[] { tampered, parts[0] + "." + parts[1] + ".", "not-a-jwt" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/bootstrap-tokens");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bad);
            using var response = await fixture.Anonymous.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused()
    {
        // Tokens of the provider's own clients carry the portal's audience; change the expected audience instead.
        var settings = fixture.Provider.PortalSettings();
        settings["Authentication:OpenIdConnect:Audience"] = "some-other-api";
        settings["Sandbox:Nodes"] = "0";
        await using var other = new PortalServer(settings);
        var address = other.Start();
        using var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await fixture.TokenAsync("script-admin"));
        using var response = await client.GetAsync(new Uri("/api/v1/csrs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static byte[] Base64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
