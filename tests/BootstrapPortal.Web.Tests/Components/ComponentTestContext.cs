using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Cluster;
using BootstrapPortal.Core.Text;
using BootstrapPortal.Web.Authentication;
using BootstrapPortal.Web.Hosting;
using BootstrapPortal.Web.Security;
using Bunit;
using k8s;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace BootstrapPortal.Web.Tests.Components;

/// <summary>An options monitor whose value never changes.</summary>
internal sealed class StaticOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}

/// <summary>Nobody signed in (local mode).</summary>
internal sealed class AnonymousState : AuthenticationStateProvider
{
    public override Task<AuthenticationState> GetAuthenticationStateAsync() =>
        Task.FromResult(new AuthenticationState(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity())));
}

/// <summary>A bUnit context with MudBlazor and the portal's shared services (a cache that has not started).</summary>
internal static class ComponentTestContext
{
    /// <param name="configure">More services, added before anything is resolved.</param>
    public static BunitContext Create(Action<IServiceCollection>? configure = null)
    {
        var ctx = new BunitContext();
        configure?.Invoke(ctx.Services);
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddPortalLocalization();
        ctx.Services.AddSingleton(new ClusterCache(Options.Create(new InformerOptions()), TimeProvider.System, NullLoggerFactory.Instance));
        ctx.Services.AddSingleton(new PortalSecurityMode(LoginConfigured: false));
        ctx.Services.AddSingleton(Options.Create(new SecurityOptions()));
        ctx.Services.AddSingleton(new ClusterEndpoint("test-cluster", KubernetesMode.Kubeconfig, new KubernetesClientConfiguration { Host = "https://10.0.0.10:6443" }));
        // Local mode (no login configured): every caller is the local administrator.
        ctx.Services.AddSingleton(Options.Create(new OpenIdConnectSettings()));
        ctx.Services.AddSingleton<IOptionsMonitor<RoleMappingOptions>>(new StaticOptionsMonitor<RoleMappingOptions>(new RoleMappingOptions()));
        ctx.Services.AddSingleton<PortalActorResolver>();
        ctx.Services.AddSingleton<AuthenticationStateProvider>(new AnonymousState());
        ctx.Services.AddScoped<CurrentActor>();
        ctx.Services.AddScoped<BootstrapPortal.Web.Components.Shared.LiveAnnouncer>();
        ctx.Services.AddScoped<BootstrapPortal.Web.Components.Shared.ListUrl>();
        ctx.Services.AddPortalTexts();
        configure?.Invoke(ctx.Services);
        ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: false));
        return ctx;
    }
}
