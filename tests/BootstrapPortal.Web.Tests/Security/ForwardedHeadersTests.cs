using System.Net;
using System.Text.Json;
using BootstrapPortal.Web.Tests.Hosting;

namespace BootstrapPortal.Web.Tests.Security;

/// <summary>Shared checks: what a request with forwarded headers is served as.</summary>
internal static class Forwarded
{
    public static async Task<HttpResponseMessage> GetAsync(SandboxPortalFixture fixture, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await fixture.Client.SendAsync(request);
    }

    /// <summary>The 403 of the loopback rule: a problem document, never a 500.</summary>
    public static async Task AssertRefusedAsRemoteAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(403, problem.GetProperty("status").GetInt32());
        Assert.Contains("Security:AllowRemoteAnonymous", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}

/// <summary>Behind a trusted proxy, the client it names is the client: a remote one is refused by the loopback rule.</summary>
public sealed class TrustedProxyTests(TrustedProxyFixture fixture) : IClassFixture<TrustedProxyFixture>
{
    [Theory]
    [InlineData("/api/v1/bootstrap-tokens")]
    [InlineData("/api/v1/csrs")]
    [InlineData("/")]
    [InlineData("/_blazor/initializers")]
    public async Task A_remote_client_named_by_the_proxy_gets_a_403_problem_before_authentication(string path)
    {
        using var response = await Forwarded.GetAsync(fixture, path, ("X-Forwarded-For", "198.51.100.7"));
        await Forwarded.AssertRefusedAsRemoteAsync(response);
    }

    [Fact]
    public async Task A_client_cannot_pass_as_loopback_by_prepending_to_the_chain()
    {
        // The client sent "X-Forwarded-For: 127.0.0.1"; the proxy appended the address it saw. One hop is read, right to left.
        using var response = await Forwarded.GetAsync(fixture, "/api/v1/bootstrap-tokens", ("X-Forwarded-For", "127.0.0.1, 198.51.100.7"));
        await Forwarded.AssertRefusedAsRemoteAsync(response);
    }

    [Fact]
    public async Task A_loopback_client_behind_the_proxy_is_served_and_probes_stay_open_to_remote_clients()
    {
        using var local = await Forwarded.GetAsync(fixture, "/api/v1/bootstrap-tokens", ("X-Forwarded-For", "127.0.0.1"));
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        using var probe = await Forwarded.GetAsync(fixture, "/healthz", ("X-Forwarded-For", "198.51.100.7"), ("Host", "10.1.2.3:8080"));
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
    }

    [Fact]
    public async Task The_forwarded_host_is_checked_like_the_host()
    {
        using var allowed = await Forwarded.GetAsync(fixture, "/api/v1/bootstrap-tokens", ("X-Forwarded-For", "127.0.0.1"), ("X-Forwarded-Host", "portal.test"));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        using var foreign = await Forwarded.GetAsync(fixture, "/api/v1/bootstrap-tokens", ("X-Forwarded-For", "127.0.0.1"), ("X-Forwarded-Host", "evil.example"));
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
    }

    [Fact]
    public async Task Cookies_are_secure_when_the_proxy_says_https_and_always_http_only()
    {
        using var https = await Forwarded.GetAsync(fixture, "/", ("X-Forwarded-For", "127.0.0.1"), ("X-Forwarded-Proto", "https"), ("Accept", "text/html"));
        Assert.Equal(HttpStatusCode.OK, https.StatusCode);
        var secure = Assert.Single(https.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.Contains("secure", secure, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", secure, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", secure, StringComparison.OrdinalIgnoreCase);

        using var plain = await Forwarded.GetAsync(fixture, "/", ("Accept", "text/html"));
        var cookie = Assert.Single(plain.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>
/// <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c> alone trusts no peer here: the host's own set-up would trust every peer,
/// so "X-Forwarded-For" from anywhere would choose the client address.
/// </summary>
public sealed class HostForwardedSwitchTests(HostForwardedSwitchFixture fixture) : IClassFixture<HostForwardedSwitchFixture>
{
    [Fact]
    public async Task Forwarded_headers_from_an_unlisted_peer_are_ignored()
    {
        // Were the header honoured, 198.51.100.7 would be refused by the loopback rule and the forwarded host by the host rule.
        using var response = await Forwarded.GetAsync(fixture, "/api/v1/bootstrap-tokens",
            ("X-Forwarded-For", "198.51.100.7"), ("X-Forwarded-Host", "evil.example"), ("X-Forwarded-Proto", "https"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

/// <summary>The host's switch and a configured proxy: the chain is read once, one hop, so prepending still gains nothing.</summary>
public sealed class HostForwardedSwitchWithProxyTests(HostForwardedSwitchWithProxyFixture fixture) : IClassFixture<HostForwardedSwitchWithProxyFixture>
{
    [Fact]
    public async Task The_trusted_proxy_is_honoured_once()
    {
        using var remote = await Forwarded.GetAsync(fixture, "/api/v1/bootstrap-tokens", ("X-Forwarded-For", "127.0.0.1, 198.51.100.7"));
        await Forwarded.AssertRefusedAsRemoteAsync(remote);
        using var local = await Forwarded.GetAsync(fixture, "/api/v1/bootstrap-tokens", ("X-Forwarded-For", "198.51.100.7, 127.0.0.1"));
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
    }
}
