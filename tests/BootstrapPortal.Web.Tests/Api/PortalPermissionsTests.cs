using BootstrapPortal.Core.Access;
using BootstrapPortal.Web.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Web.Tests.Api;

public sealed class PortalPermissionsTests
{
    [Fact]
    public void Every_api_endpoint_declares_one_portal_permission_that_the_role_table_knows()
    {
        using var server = new BootstrapPortal.Tests.Shared.PortalServer(new Dictionary<string, string?> { ["Sandbox:Nodes"] = "0" });
        var endpoints = ApiRoutes.Endpoints(server.Services);
        var routes = endpoints.Select(e => e.RoutePattern.RawText).ToHashSet(StringComparer.Ordinal);
        foreach (var route in new[]
        {
            "/api/v1/bootstrap-tokens", "/api/v1/bootstrap-tokens/{id}", "/api/v1/bootstrap-tokens/{id}/extend",
            "/api/v1/nodes/{nodeName}/bootstrap-kubeconfig", "/api/v1/csrs", "/api/v1/csrs/{name}/approve", "/api/v1/audit",
            "/api/v1/rbac/bootstrap-checklist", "/api/v1/rbac/bootstrap-checklist/fix", "/api/v1/rbac/findings", "/api/v1/rbac/who-can",
            "/api/v1/rbac/who-can/questions", "/api/v1/preflight", "/api/v1/policy/serving",
            "/api/v1/policy/serving/dry-run",
        })
        {
            Assert.Contains(route, routes);
        }

        foreach (var endpoint in endpoints)
        {
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToArray();
            var policy = Assert.Single(policies);
            Assert.Contains(policy, PortalPermissions.All);
            _ = PortalPermissions.PermissionFor(policy!);
        }
    }

    [Fact]
    public void Every_policy_names_a_permission_and_unknown_ones_fail_loudly()
    {
        Assert.Equal(PortalPermissions.All.Count, PortalPermissions.All.Distinct(StringComparer.Ordinal).Count());
        foreach (var policy in PortalPermissions.All)
        {
            Assert.True(Enum.IsDefined(PortalPermissions.PermissionFor(policy)));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => PortalPermissions.PermissionFor("tokens:everything"));
    }

    [Theory]
    [InlineData(PortalPermissions.TokensCreate, PortalRole.Provisioner, true)]
    [InlineData(PortalPermissions.TokensManage, PortalRole.Provisioner, false)]
    [InlineData(PortalPermissions.TokensRead, PortalRole.Provisioner, false)]
    [InlineData(PortalPermissions.CsrsDecide, PortalRole.Viewer, false)]
    [InlineData(PortalPermissions.CsrsDecide, PortalRole.Approver, true)]
    [InlineData(PortalPermissions.AuditRead, PortalRole.Approver, false)]
    [InlineData(PortalPermissions.AuditRead, PortalRole.Admin, true)]
    [InlineData(PortalPermissions.RbacRead, PortalRole.Viewer, true)]
    [InlineData(PortalPermissions.RbacFix, PortalRole.Approver, false)]
    [InlineData(PortalPermissions.RbacFix, PortalRole.Admin, true)]
    public void Policies_follow_the_role_table(string policy, PortalRole role, bool granted) =>
        Assert.Equal(granted, PortalRoles.Grants(role, PortalPermissions.PermissionFor(policy)));
}

/// <summary>The JSON API's route table, as the running host has it.</summary>
internal static class ApiRoutes
{
    public static RouteEndpoint[] Endpoints(IServiceProvider services) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith(PortalApiEndpoints.Prefix, StringComparison.Ordinal) == true)];
}
