using System.Globalization;
using System.Security.Claims;
using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Csrs.Serving;
using BootstrapPortal.Tests.Shared;
using BootstrapPortal.Web.Authentication;
using BootstrapPortal.Web.Components.Pages;
using BootstrapPortal.Web.Security;
using Bunit;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Web.Tests.Components;

/// <summary>The policy page: Admins edit, save and dry-run; Viewers see it read-only; loading, errors and conflicts are shown.</summary>
public class ServingPolicyPageTests
{
    private static Bunit.BunitContext Create(InMemoryServingPolicyStore store, string role) => ComponentTestContext.Create(services =>
    {
        // Login configured, the role held through a group, as the portal resolves a signed-in person.
        var login = new OpenIdConnectSettings { Authority = "https://login.example.com", ClientId = "portal" };
        var group = role.ToLowerInvariant() + "s";
        var roles = new RoleMappingOptions();
        ((List<string>)roles.GroupsFor(Enum.Parse<PortalRole>(role))).Add(group);
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(login));
        services.AddSingleton<IOptionsMonitor<RoleMappingOptions>>(new StaticOptionsMonitor<RoleMappingOptions>(roles));
        var person = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(login.NameClaim, role.ToLowerInvariant() + "@example.com"), new Claim(login.GroupsClaim, group)], PortalAuthenticationTypes.Person));
        services.AddSingleton<AuthenticationStateProvider>(new SignedIn(person));
        services.AddSingleton<IServingPolicyStore>(store);
        services.AddSingleton<IClusterCaSource, EndpointClusterCaSource>();
        services.AddSingleton<IOptionsMonitor<CsrPolicyOptions>>(new StaticMonitor());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<CsrCatalog>();
        services.AddSingleton<IHostAddressResolver, DnsHostAddressResolver>();
        services.AddSingleton<ServingPolicyEvaluator>();
        services.AddSingleton<ServingPolicyDryRun>();
        services.AddSingleton<PortalActorResolver>();
        services.AddScoped<CurrentActor>();
    });

    [Fact]
    public async Task A_viewer_sees_the_policy_read_only_and_can_dry_run_it()
    {
        var store = new InMemoryServingPolicyStore(ServingPolicy.Default with { NodeNamePattern = "worker-.*" });
        await using var ctx = Create(store, "Viewer");
        var cut = ctx.Render<ServingPolicyPage>();

        Assert.NotNull(cut.Find("[data-testid=read-only]"));
        Assert.Empty(cut.FindAll("[data-testid=save]"));
        Assert.True(cut.Find("[data-testid=field-nodeNamePattern]").HasAttribute("readonly"));
        Assert.Equal("worker-.*", cut.Find("[data-testid=field-nodeNamePattern]").GetAttribute("value"));
        cut.Find("[data-testid=dry-run]").Click();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=dry-run-empty]")));
    }

    [Fact]
    public async Task An_admin_saves_with_the_resource_version_and_sees_field_errors_before_anything_is_written()
    {
        var store = new InMemoryServingPolicyStore(ServingPolicy.Default);
        await using var ctx = Create(store, "Admin");
        var cut = ctx.Render<ServingPolicyPage>();
        Assert.Empty(cut.FindAll("[data-testid=read-only]"));

        cut.Find("[data-testid=field-allowedIpPrefixes]").Change("10.0.0.0/8\n10.0.0.1/8");
        cut.Find("[data-testid=save]").Click();
        Assert.Contains("line 2: is not a CIDR prefix", cut.Markup, StringComparison.Ordinal);
        Assert.Equal(0, store.Saves);

        cut.Find("[data-testid=field-allowedIpPrefixes]").Change("10.0.0.0/8");
        cut.Find("[data-testid=save]").Click();
        cut.WaitForAssertion(() => Assert.Equal(1, store.Saves));
        Assert.Equal(["10.0.0.0/8"], store.Current.Policy.AllowedIpPrefixes);
        Assert.Equal("admin@example.com", store.Current.UpdatedBy);
    }

    [Fact]
    public async Task A_save_elsewhere_during_an_edit_is_shown_and_blocks_saving_until_reload()
    {
        var store = new InMemoryServingPolicyStore(ServingPolicy.Default);
        await using var ctx = Create(store, "Admin");
        var cut = ctx.Render<ServingPolicyPage>();
        cut.Find("[data-testid=field-nodeNamePattern]").Change("worker-.*");

        store.SavedElsewhere(ServingPolicy.Default with { MaxDnsNames = 2 });

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=policy-changed]")));
        Assert.True(cut.Find("[data-testid=save]").HasAttribute("disabled"));
        cut.Find("[data-testid=reload]").Click();
        Assert.Empty(cut.FindAll("[data-testid=policy-changed]"));
        Assert.Equal(string.Empty, cut.Find("[data-testid=field-nodeNamePattern]").GetAttribute("value") ?? string.Empty);
    }

    [Fact]
    public async Task A_policy_saved_elsewhere_refreshes_the_page_in_the_sessions_language()
    {
        var store = new InMemoryServingPolicyStore(ServingPolicy.Default);
        await using var ctx = Create(store, "Viewer");
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        IRenderedComponent<ServingPolicyPage> cut;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-Hans");
            cut = ctx.Render<ServingPolicyPage>();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
        }

        Assert.Contains("服务证书策略", cut.Markup, StringComparison.Ordinal);

        // The store raises the change on its own thread, whose culture is not the session's.
        var thread = new Thread(() =>
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            store.SavedElsewhere(ServingPolicy.Default with { NodeNamePattern = "worker-.*" });
        });
        thread.Start();
        thread.Join();

        cut.WaitForAssertion(() => Assert.Equal("worker-.*", cut.Find("[data-testid=field-nodeNamePattern]").GetAttribute("value")), TimeSpan.FromSeconds(30));
        Assert.Contains("服务证书策略", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Serving-certificate policy", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Dry run", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_shows_loading_until_the_stored_policy_was_read()
    {
        await using var ctx = Create(new InMemoryServingPolicyStore(ServingPolicy.Default, synced: false), "Admin");
        var cut = ctx.Render<ServingPolicyPage>();
        Assert.NotNull(cut.Find("[data-testid=state-loading]"));
        Assert.Empty(cut.FindAll("[data-testid=policy-form]"));
    }

    [Fact]
    public async Task The_page_shows_why_the_stored_policy_cannot_be_read()
    {
        await using var ctx = Create(new InMemoryServingPolicyStore(ServingPolicy.Default, synced: false, readError: "configmaps is forbidden"), "Admin");
        var cut = ctx.Render<ServingPolicyPage>();
        Assert.Contains("configmaps is forbidden", cut.Find("[data-testid=state-error]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=policy-form]"));
    }

    /// <summary>A person signed in with one role (what the OpenID Connect login produces).</summary>
    private sealed class SignedIn(ClaimsPrincipal person) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(person));
    }

    private sealed class StaticMonitor : IOptionsMonitor<CsrPolicyOptions>
    {
        public CsrPolicyOptions CurrentValue { get; } = new();

        public CsrPolicyOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<CsrPolicyOptions, string?> listener) => null;
    }
}
