using System.Net;
using BootstrapPortal.Web.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Web.Tests.Security;

/// <summary>The request rules as pure functions; the same rules over real Kestrel are in the cross-site and host tests.</summary>
public sealed class RequestRulesTests
{
    private static readonly PortalSecurityMode Local = new(LoginConfigured: false);
    private static readonly PortalSecurityMode Login = new(LoginConfigured: true);

    private static AllowedHostList Hosts(PortalSecurityMode mode, params string[] allowed)
    {
        var options = new SecurityOptions();
        options.AllowedHosts.AddRange(allowed);
        return new AllowedHostList(mode, Options.Create(options));
    }

    private static DefaultHttpContext Request(string method, string path, string host = "127.0.0.1:5080", string scheme = "http", params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.Host = new HostString(host);
        context.Request.Scheme = scheme;
        foreach (var (name, value) in headers)
        {
            context.Request.Headers.Append(name, value);
        }

        return context;
    }

    [Theory]
    [InlineData("127.0.0.1:5080", true)]
    [InlineData("localhost:1", true)]
    [InlineData("LOCALHOST", true)]
    [InlineData("[::1]:5080", true)]
    [InlineData("evil.example:5080", false)]
    [InlineData("127.0.0.2:5080", false)]
    [InlineData("localhost.:5080", false)]
    [InlineData("foo.localhost:5080", false)]
    [InlineData("0.0.0.0:5080", false)]
    public void Local_mode_serves_loopback_names_only(string host, bool served) =>
        Assert.Equal(served, RequestRules.CheckHost(Request("GET", "/", host).Request, Hosts(Local), Local) is null);

    [Theory]
    [InlineData("portal.example.com:443", true)]
    [InlineData("PORTAL.example.com", true)]
    [InlineData("a.nodes.example.com", true)]
    [InlineData("nodes.example.com", false)]
    [InlineData("portal.example.com.evil.example", false)]
    [InlineData("127.0.0.1:5080", false)]
    [InlineData("localhost:5080", false)]
    public void With_login_only_allowed_hosts_are_served(string host, bool served) =>
        Assert.Equal(served, RequestRules.CheckHost(Request("GET", "/", host).Request, Hosts(Login, "portal.example.com", "*.nodes.example.com"), Login) is null);

    [Fact]
    public void A_refused_host_is_a_400_that_names_the_setting_without_repeating_the_host()
    {
        var refusal = RequestRules.CheckHost(Request("GET", "/", "evil.example:5080").Request, Hosts(Local), Local);
        Assert.NotNull(refusal);
        Assert.Equal(400, refusal.StatusCode);
        Assert.Contains("Security:AllowedHosts", refusal.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("evil", refusal.Detail + refusal.Title, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.5.6.7", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("10.1.2.3", false)]
    [InlineData("192.168.1.20", false)]
    [InlineData("2001:db8::1", false)]
    [InlineData("::ffff:10.1.2.3", false)]
    public void Loopback_rule(string remote, bool served)
    {
        var refusal = RequestRules.CheckLoopbackClient(IPAddress.Parse(remote));
        Assert.Equal(served, refusal is null);
        if (refusal is not null)
        {
            Assert.Equal(403, refusal.StatusCode);
            Assert.Contains("Security:AllowRemoteAnonymous", refusal.Detail, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("POST", "/api/v1/bootstrap-tokens", null, null, true)]
    [InlineData("POST", "/api/v1/bootstrap-tokens", "http://127.0.0.1:5080", null, true)]
    [InlineData("POST", "/api/v1/bootstrap-tokens", "http://127.0.0.1:5080", "same-origin", true)]
    [InlineData("POST", "/api/v1/bootstrap-tokens", null, "none", true)]
    [InlineData("POST", "/api/v1/bootstrap-tokens", "http://evil.example:5080", null, false)]
    [InlineData("POST", "/api/v1/bootstrap-tokens", "http://localhost:5080", null, false)]
    [InlineData("POST", "/api/v1/bootstrap-tokens", "http://127.0.0.1:5081", null, false)]
    [InlineData("POST", "/api/v1/bootstrap-tokens", "https://127.0.0.1:5080", null, false)]
    [InlineData("POST", "/api/v1/bootstrap-tokens", "null", null, false)]
    [InlineData("POST", "/auth/sign-out", "null", "same-origin", true)]
    [InlineData("POST", "/auth/sign-out", "null", null, false)]
    [InlineData("POST", "/auth/sign-out", "null", "none", false)]
    [InlineData("POST", "/auth/sign-out", "null", "cross-site", false)]
    [InlineData("POST", "/api/v1/bootstrap-tokens", "http://127.0.0.1:5080/path", null, false)]
    [InlineData("POST", "/api/v1/bootstrap-tokens", "garbage", null, false)]
    [InlineData("POST", "/api/v1/bootstrap-tokens", null, "cross-site", false)]
    [InlineData("POST", "/api/v1/bootstrap-tokens", null, "same-site", false)]
    [InlineData("POST", "/api/v1/bootstrap-tokens", "http://127.0.0.1:5080", "cross-site", false)]
    [InlineData("DELETE", "/API/v1/bootstrap-tokens/abcdef", "http://evil.example", null, false)]
    [InlineData("POST", "/", "http://evil.example", null, false)]
    [InlineData("GET", "/api/v1/bootstrap-tokens", "http://evil.example", "cross-site", true)]
    [InlineData("GET", "/", null, "cross-site", true)]
    [InlineData("POST", "/_blazor/negotiate", "http://127.0.0.1:5080", "same-origin", true)]
    [InlineData("POST", "/_blazor/negotiate", null, null, false)]
    [InlineData("POST", "/_blazor/disconnect", "http://evil.example", null, false)]
    [InlineData("GET", "/_blazor/initializers", null, "same-origin", true)]
    [InlineData("GET", "/_blazor/initializers", null, "cross-site", false)]
    public void Cross_site_rule(string method, string path, string? origin, string? site, bool served)
    {
        var headers = new List<(string, string)>();
        if (origin is not null)
        {
            headers.Add(("Origin", origin));
        }

        if (site is not null)
        {
            headers.Add(("Sec-Fetch-Site", site));
        }

        var refusal = RequestRules.CheckCrossSite(Request(method, path, headers: [.. headers]), Hosts(Local));
        Assert.Equal(served, refusal is null);
        if (refusal is not null)
        {
            Assert.Equal(403, refusal.StatusCode);
        }
    }

    [Fact]
    public void The_hub_websocket_needs_a_same_origin_origin()
    {
        var hosts = Hosts(Local);
        var without = Request("GET", "/_blazor", headers: [("Upgrade", "websocket"), ("Connection", "Upgrade")]);
        var foreign = Request("GET", "/_blazor", headers: [("Upgrade", "websocket"), ("Origin", "http://evil.example:5080")]);
        var own = Request("GET", "/_blazor", headers: [("Upgrade", "websocket"), ("Origin", "http://127.0.0.1:5080")]);
        Assert.NotNull(RequestRules.CheckCrossSite(without, hosts));
        Assert.NotNull(RequestRules.CheckCrossSite(foreign, hosts));
        Assert.Null(RequestRules.CheckCrossSite(own, hosts));
    }

    [Fact]
    public void An_origin_naming_an_allowed_host_is_accepted_behind_a_proxy()
    {
        // The proxy terminates TLS: the request arrives as http, the page was https under the allowed name.
        var request = Request("POST", "/api/v1/bootstrap-tokens", "portal.example.com", "http", ("Origin", "https://portal.example.com"));
        Assert.Null(RequestRules.CheckCrossSite(request, Hosts(Login, "portal.example.com")));
        var other = Request("POST", "/api/v1/bootstrap-tokens", "portal.example.com", "http", ("Origin", "https://other.example.com"));
        Assert.NotNull(RequestRules.CheckCrossSite(other, Hosts(Login, "portal.example.com")));
    }

    [Theory]
    [InlineData("application/json", true)]
    [InlineData("application/json; charset=utf-8", true)]
    [InlineData("Application/JSON", true)]
    [InlineData("application/json; charset=iso-8859-1", false)]
    [InlineData("text/plain", false)]
    [InlineData("application/x-www-form-urlencoded", false)]
    [InlineData("multipart/form-data; boundary=x", false)]
    [InlineData("application/jsonp", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void State_changing_api_calls_must_be_json(string? contentType, bool served)
    {
        foreach (var method in new[] { "POST", "PUT", "PATCH", "DELETE" })
        {
            var context = Request(method, "/api/v1/bootstrap-tokens");
            context.Request.ContentType = contentType;
            var refusal = RequestRules.CheckApiContentType(context.Request);
            Assert.Equal(served, refusal is null);
            if (refusal is not null)
            {
                Assert.Equal(415, refusal.StatusCode);
            }
        }
    }

    [Fact]
    public void Reads_and_non_api_posts_have_no_content_type_rule()
    {
        Assert.Null(RequestRules.CheckApiContentType(Request("GET", "/api/v1/bootstrap-tokens").Request));
        Assert.Null(RequestRules.CheckApiContentType(Request("POST", "/_blazor/negotiate").Request));
    }

    [Theory]
    [InlineData("portal.example.com", null)]
    [InlineData("*.example.com", null)]
    [InlineData("10.0.0.5", null)]
    [InlineData("[2001:db8::1]", null)]
    [InlineData("*", "bare")]
    [InlineData("https://portal.example.com", "scheme")]
    [InlineData("portal.example.com:443", "port")]
    [InlineData("portal.example.com/x", "path")]
    [InlineData("bad_name.example.com", "ASCII")]
    [InlineData("-bad.example.com", "ASCII")]
    [InlineData("portál.example.com", "punycode")]
    [InlineData("[not-v6]", "IPv6")]
    [InlineData("", "empty")]
    public void Allowed_host_entries_are_validated(string entry, string? problem)
    {
        var reason = HostNames.ValidateAllowedHost(entry);
        if (problem is null)
        {
            Assert.Null(reason);
        }
        else
        {
            Assert.NotNull(reason);
        }
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://127.0.0.2:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://unix:/run/portal.sock", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://[::]:5080", false)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://+:5080", false)]
    [InlineData("http://portal.example.com:5080", false)]
    [InlineData("https://10.1.2.3:443", false)]
    [InlineData("not a url", false)]
    public void Listen_addresses(string address, bool loopback) =>
        Assert.Equal(loopback, ListenAddressGuard.IsLoopbackAddress(address));
}
