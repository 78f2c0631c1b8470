using k8s;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Cluster;

/// <summary>Endpoint from a kubeconfig file or from the pod's service account.</summary>
public sealed class ConfiguredClusterEndpointSource : IClusterEndpointSource
{
    private readonly Lazy<ClusterEndpoint> _endpoint;

    public ConfiguredClusterEndpointSource(IOptions<KubernetesConnectionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        _endpoint = new Lazy<ClusterEndpoint>(() => Build(value), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public ClusterEndpoint GetEndpoint() => _endpoint.Value;

    private static ClusterEndpoint Build(KubernetesConnectionOptions options)
    {
        KubernetesClientConfiguration configuration;
        string name;
        switch (options.Mode)
        {
            case KubernetesMode.Kubeconfig:
                var path = KubeconfigLocator.ResolveFromProcess(options.KubeconfigPath);
                var kubeconfig = KubernetesClientConfiguration.LoadKubeConfig(path);
                var contextName = string.IsNullOrWhiteSpace(options.Context) ? kubeconfig.CurrentContext : options.Context;
                configuration = KubernetesClientConfiguration.BuildConfigFromConfigObject(kubeconfig, contextName);
                var context = kubeconfig.Contexts?.FirstOrDefault(c => c.Name == contextName);
                name = context?.ContextDetails?.Cluster ?? contextName ?? "cluster";
                break;
            case KubernetesMode.InCluster:
                configuration = KubernetesClientConfiguration.InClusterConfig();
                name = "in-cluster";
                break;
            default:
                throw new InvalidOperationException($"Mode {options.Mode} is not served by {nameof(ConfiguredClusterEndpointSource)}.");
        }

        configuration.HttpClientTimeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds);
        return new ClusterEndpoint(string.IsNullOrWhiteSpace(options.ClusterName) ? name : options.ClusterName, options.Mode, configuration);
    }
}
