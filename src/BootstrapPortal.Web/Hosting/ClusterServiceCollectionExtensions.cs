using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Cluster;
using BootstrapPortal.Core.Kubeconfigs;
using BootstrapPortal.Sandbox;
using k8s;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Web.Hosting;

/// <summary>Wires the cluster connection: validated options, the endpoint source for the mode, one IKubernetes, the cache.</summary>
public static class ClusterServiceCollectionExtensions
{
    public static IServiceCollection AddPortalCluster(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<KubernetesConnectionOptions>().Bind(configuration.GetSection(KubernetesConnectionOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KubernetesConnectionOptions>, KubernetesConnectionOptionsValidator>();
        services.AddOptions<SandboxOptions>().Bind(configuration.GetSection(SandboxOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SandboxOptions>, SandboxOptionsValidator>();
        services.AddOptions<InformerOptions>().Bind(configuration.GetSection(InformerOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<InformerOptions>, InformerOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        // The sandbox host is registered before the cache service, so in sandbox mode the cluster is up before the cache
        // lists. The mode is read from the validated options when services are resolved, never while registering.
        services.AddSingleton<SandboxClusterHost>();
        services.AddHostedService(sp => sp.GetRequiredService<SandboxClusterHost>());
        services.AddSingleton<ISimulatedNodeJoiner, SandboxNodeJoiner>();
        services.AddSingleton<ConfiguredClusterEndpointSource>();
        services.AddSingleton<IClusterEndpointSource>(sp =>
            sp.GetRequiredService<IOptions<KubernetesConnectionOptions>>().Value.Mode == KubernetesMode.Sandbox
                ? sp.GetRequiredService<SandboxClusterHost>()
                : sp.GetRequiredService<ConfiguredClusterEndpointSource>());
        services.AddSingleton(sp => sp.GetRequiredService<IClusterEndpointSource>().GetEndpoint());
        services.AddSingleton<KubernetesRequestCounter>();
        services.AddSingleton<IKubernetes>(sp => new Kubernetes(
            sp.GetRequiredService<ClusterEndpoint>().Configuration, sp.GetRequiredService<KubernetesRequestCounter>().CreateHandler()));
        services.AddSingleton<ClusterCache>();
        services.AddHostedService<ClusterCacheService>();
        return services;
    }

    private static void TryAddSingleton<T>(this IServiceCollection services, T instance)
        where T : class
    {
        if (!services.Any(d => d.ServiceType == typeof(T)))
        {
            services.AddSingleton(instance);
        }
    }
}
