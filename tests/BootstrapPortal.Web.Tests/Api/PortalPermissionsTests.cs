using System.Net;
using System.Security.Claims;
using BootstrapPortal.Web.Api;
using BootstrapPortal.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Web.Tests.Api;

public sealed class PortalPermissionsTests
{
    private static async Task<bool> Allowed(bool loginConfigured, bool passedLocalRules)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Loopback;
        if (passedLocalRules)
        {
            http.Features.Set(LocalAccessFeature.Granted);
        }

        var requirement = new LoopbackAnonymousRequirement();
        var context = new AuthorizationHandlerContext([requirement], new ClaimsPrincipal(new ClaimsIdentity()), http);
        await new LoopbackAnonymousHandler(new PortalSecurityMode(loginConfigured)).HandleAsync(context);
        return context.HasSucceeded;
    }

    [Theory]
    [InlineData(false, true, true)]
    [InlineData(false, false, false)]
    [InlineData(true, true, false)]
    [InlineData(true, false, false)]
    public async Task Local_mode_admits_only_requests_that_passed_the_local_rules(bool loginConfigured, bool passedLocalRules, bool expected) =>
        Assert.Equal(expected, await Allowed(loginConfigured, passedLocalRules));

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
            "/api/v1/nodes/{nodeName}/bootstrap-kubeconfig",
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
