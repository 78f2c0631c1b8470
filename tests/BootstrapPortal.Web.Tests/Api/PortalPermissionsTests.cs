using System.Net;
using System.Security.Claims;
using BootstrapPortal.Web.Api;
using BootstrapPortal.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Web.Tests.Api;

public sealed class PortalPermissionsTests
{
    private static async Task<bool> Allowed(string remote, bool allowRemote)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        var requirement = new LoopbackAnonymousRequirement();
        var context = new AuthorizationHandlerContext([requirement], new ClaimsPrincipal(new ClaimsIdentity()), http);
        await new LoopbackAnonymousHandler(Options.Create(new SecurityOptions { AllowRemoteAnonymous = allowRemote })).HandleAsync(context);
        return context.HasSucceeded;
    }

    [Theory]
    [InlineData("127.0.0.1", false, true)]
    [InlineData("::1", false, true)]
    [InlineData("::ffff:127.0.0.1", false, true)]
    [InlineData("10.0.0.7", false, false)]
    [InlineData("10.0.0.7", true, true)]
    public async Task Today_every_permission_admits_the_anonymous_user_on_loopback_only(string remote, bool allowRemote, bool expected) =>
        Assert.Equal(expected, await Allowed(remote, allowRemote));

    [Fact]
    public void Every_api_endpoint_declares_one_portal_permission()
    {
        using var server = new BootstrapPortal.Tests.Shared.PortalServer(new Dictionary<string, string?> { ["Sandbox:Nodes"] = "0" });
        var endpoints = server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .ToArray();
        var routes = endpoints.Select(e => e.RoutePattern.RawText).ToHashSet(StringComparer.Ordinal);
        foreach (var route in new[]
        {
            "/api/v1/bootstrap-tokens", "/api/v1/bootstrap-tokens/{id}", "/api/v1/bootstrap-tokens/{id}/extend",
            "/api/v1/nodes/{nodeName}/bootstrap-kubeconfig", "/api/v1/csrs/{name}/approve", "/api/v1/policy/serving", "/api/v1/policy/serving/dry-run",
        })
        {
            Assert.Contains(route, routes);
        }

        foreach (var endpoint in endpoints)
        {
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToArray();
            var policy = Assert.Single(policies);
            Assert.Contains(policy, PortalPermissions.All);
        }
    }
}
