using System.Security.Claims;
using BootstrapPortal.Core.Access;
using BootstrapPortal.Web.Authentication;
using BootstrapPortal.Web.Security;
using BootstrapPortal.Web.Tests.Components;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Web.Tests.Security;

/// <summary>In local mode authorization admits only requests that passed the request rules that run before it.</summary>
public sealed class LocalAccessTests
{
    private static async Task<bool> Allowed(bool passedLocalRules)
    {
        var http = new DefaultHttpContext();
        if (passedLocalRules)
        {
            http.Features.Set(LocalAccessFeature.Granted);
        }

        var requirement = new PortalPermissionRequirement(PortalPermission.CreateTokens);
        var context = new AuthorizationHandlerContext([requirement], new ClaimsPrincipal(new ClaimsIdentity()), http);
        var actors = new PortalActorResolver(Options.Create(new OpenIdConnectSettings()), new StaticOptionsMonitor<RoleMappingOptions>(new RoleMappingOptions()));
        await new PortalPermissionHandler(actors).HandleAsync(context);
        return context.HasSucceeded;
    }

    [Fact]
    public async Task A_request_that_passed_the_local_rules_acts_as_the_local_administrator() => Assert.True(await Allowed(passedLocalRules: true));

    [Fact]
    public async Task A_request_that_skipped_them_is_refused() => Assert.False(await Allowed(passedLocalRules: false));

    [Fact]
    public void The_mode_is_decided_from_the_authority_alone()
    {
        var local = new ConfigurationBuilder().Build();
        var login = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [PortalSecurityMode.AuthorityKey] = "https://login.example.com" }).Build();
        Assert.True(PortalSecurityMode.From(local).IsLocal);
        Assert.True(PortalSecurityMode.From(login).LoginConfigured);
        Assert.Equal(OpenIdConnectSettings.IsConfiguredIn(login), PortalSecurityMode.From(login).LoginConfigured);
    }
}
