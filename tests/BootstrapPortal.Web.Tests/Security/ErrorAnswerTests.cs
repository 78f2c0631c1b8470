using System.Net;
using System.Text.Json;
using BootstrapPortal.Web.Security;
using BootstrapPortal.Web.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Web.Tests.Security;

/// <summary>
/// The portal (in the Development environment, like the README's run command) with one extra path that fails:
/// <c>/api/v1/test-failure</c> and <c>/test-failure</c> throw an exception whose message carries a marker.
/// </summary>
public sealed class FailingPathFixture() : SandboxPortalFixture(
    new Dictionary<string, string?> { ["Sandbox:Nodes"] = "0" },
    services => services.AddTransient<IStartupFilter, FailingPathFixture.Filter>())
{
    public const string Marker = "marker-7f3a /src/secret/path.cs";

    private sealed class Filter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);

            // Requests no endpoint matched fall through the portal's whole pipeline to here; the others stay a 404.
            app.Run(context =>
            {
                if (context.Request.Path.Value?.EndsWith("/test-failure", StringComparison.Ordinal) == true)
                {
                    throw new InvalidOperationException(Marker);
                }

                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        };
    }
}

/// <summary>Headers, error answers and the Not found page, in the Development environment.</summary>
public sealed class ErrorAnswerTests(FailingPathFixture fixture) : IClassFixture<FailingPathFixture>
{
    private async Task<HttpResponseMessage> GetAsync(string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Accept", accept);
        request.Headers.TryAddWithoutValidation("X-Test-Header", "header-value-42");
        return await fixture.Client.SendAsync(request);
    }

    private static void AssertNoDiagnostics(string body)
    {
        foreach (var leak in new[] { "marker-7f3a", "InvalidOperationException", "/src/", ".cs:line", "   at ", "X-Test-Header", "header-value-42", "User-Agent" })
        {
            Assert.DoesNotContain(leak, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_api_failure_is_a_500_problem_without_exception_stack_or_headers()
    {
        using var response = await GetAsync("/api/v1/test-failure", "application/json");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        AssertNoDiagnostics(body);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(500, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("traceId", out _));
    }

    [Fact]
    public async Task A_page_failure_is_the_portal_error_page_without_diagnostics()
    {
        using var response = await GetAsync("/test-failure", "text/html");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Something went wrong", body, StringComparison.Ordinal);
        AssertNoDiagnostics(body);
    }

    [Fact]
    public async Task An_unknown_page_is_the_not_found_page_with_404_and_an_unknown_api_path_a_404_problem()
    {
        using var page = await GetAsync("/no/such/page", "text/html,application/xhtml+xml");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("There is no page at this address.", html, StringComparison.Ordinal);
        Assert.Contains("<title>Not found", html, StringComparison.Ordinal);

        using var api = await GetAsync("/api/v1/no-such-thing", "application/json");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("no-such-thing", await api.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/api/v1/bootstrap-tokens", "application/json")]
    [InlineData("/api/v1/no-such-thing", "application/json")]
    [InlineData("/no/such/page", "text/html")]
    [InlineData("/test-failure", "text/html")]
    [InlineData("/api/v1/test-failure", "application/json")]
    [InlineData("/favicon.svg", "image/svg+xml")]
    [InlineData("/healthz", "application/json")]
    public async Task Every_answer_carries_the_security_headers(string path, string accept)
    {
        using var response = await GetAsync(path, accept);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, csp);
        var directives = csp.Split(';', StringSplitOptions.TrimEntries).ToDictionary(d => d.Split(' ')[0], d => d);
        Assert.Equal("script-src 'self'", directives["script-src"]);
        Assert.Equal("frame-ancestors 'none'", directives["frame-ancestors"]);
        Assert.Equal("object-src 'none'", directives["object-src"]);
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Theory]
    [InlineData("https://login.example.com/realms/ops", "form-action 'self' https://login.example.com")]
    [InlineData("http://127.0.0.1:5099/", "form-action 'self' http://127.0.0.1:5099")]
    [InlineData("not a url", "form-action 'self'")]
    public void With_login_the_sign_out_redirect_to_the_provider_is_the_only_form_target_added(string authority, string formAction)
    {
        var directives = SecurityHeaders.ContentSecurityPolicyFor(authority).Split(';', StringSplitOptions.TrimEntries);
        Assert.Contains(formAction, directives);
        Assert.Equal(
            SecurityHeaders.ContentSecurityPolicy.Split(';', StringSplitOptions.TrimEntries).Where(d => !d.StartsWith("form-action", StringComparison.Ordinal)),
            directives.Where(d => !d.StartsWith("form-action", StringComparison.Ordinal)));
    }
}
