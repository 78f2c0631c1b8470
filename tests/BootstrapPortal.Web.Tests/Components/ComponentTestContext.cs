using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Cluster;
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
    /// <param name="configure">More services, added before anything is resolved.</param>
    public static BunitContext Create(Action<IServiceCollection>? configure = null)
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddSingleton(new ClusterCache(Options.Create(new InformerOptions()), TimeProvider.System, NullLoggerFactory.Instance));
        ctx.Services.AddSingleton(new ClusterEndpoint("test-cluster", KubernetesMode.Kubeconfig, new KubernetesClientConfiguration { Host = "https://10.0.0.10:6443" }));
        configure?.Invoke(ctx.Services);
        ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: false));
        return ctx;
    }
}
