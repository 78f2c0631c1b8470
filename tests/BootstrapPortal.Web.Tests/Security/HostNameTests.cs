using System.Net;

namespace BootstrapPortal.Web.Tests.Security;

/// <summary>The Host rule over real Kestrel: loopback names and <c>Security:AllowedHosts</c> are served, any other name is not.</summary>
public sealed class HostNameTests(TrustedProxyFixture fixture) : IClassFixture<TrustedProxyFixture>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/api/v1/bootstrap-tokens")]
    [InlineData("/_framework/blazor.web.js")]
    [InlineData("/openapi/v1.json")]
    public async Task A_page_under_a_foreign_name_gets_no_portal_content(string path)
    {
        using var response = await Forwarded.GetAsync(fixture, path, ("Host", $"evil.example:{fixture.BaseAddress.Port}"), ("Accept", "text/html"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Blazor", body, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", body, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    [InlineData("portal.test")]
    public async Task Loopback_names_with_any_port_and_allowed_hosts_are_served(string host)
    {
        using var response = await Forwarded.GetAsync(fixture, "/", ("Host", host + ":1234"), ("Accept", "text/html"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Blazor", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
