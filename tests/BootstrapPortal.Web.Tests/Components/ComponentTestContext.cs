using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Cluster;
using BootstrapPortal.Web.Security;
using Bunit;
using k8s;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace BootstrapPortal.Web.Tests.Components;

/// <summary>A bUnit context with MudBlazor and the portal's shared services (a cache that has not started).</summary>
internal static class ComponentTestContext
{
    public static BunitContext Create()
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddSingleton(new ClusterCache(Options.Create(new InformerOptions()), TimeProvider.System, NullLoggerFactory.Instance));
        ctx.Services.AddSingleton(new PortalSecurityMode(LoginConfigured: false));
        ctx.Services.AddSingleton(Options.Create(new SecurityOptions()));
        ctx.Services.AddSingleton(new ClusterEndpoint("test-cluster", KubernetesMode.Kubeconfig, new KubernetesClientConfiguration { Host = "https://10.0.0.10:6443" }));
        ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: false));
        return ctx;
    }
}
