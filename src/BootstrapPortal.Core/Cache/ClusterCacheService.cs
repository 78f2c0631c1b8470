using BootstrapPortal.Core.Cluster;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Core.Cache;

/// <summary>Runs the shared <see cref="ClusterCache"/> for the life of the host.</summary>
public sealed partial class ClusterCacheService : BackgroundService
{
    private readonly ClusterCache _cache;
    private readonly IServiceProvider _services;
    private readonly ILogger<ClusterCacheService> _logger;

    public ClusterCacheService(ClusterCache cache, IServiceProvider services, ILogger<ClusterCacheService> logger)
    {
        _cache = cache;
        _services = services;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // IKubernetes is resolved here, not in the constructor: in sandbox mode the cluster exists only once the
        // sandbox host (an earlier hosted service) has started.
        if (StartedClusterClient.ResolveUnlessStopping(_services, stoppingToken) is not { } client)
        {
            return;
        }

        LogStarting(_logger, client.BaseUri);
        await _cache.RunAsync(client, stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting the cluster cache against {Server}")]
    private static partial void LogStarting(ILogger logger, Uri server);
}
