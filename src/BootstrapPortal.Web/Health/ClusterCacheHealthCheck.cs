using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Cluster;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BootstrapPortal.Web.Health;

/// <summary>Ready once every cluster cache has listed and is watching.</summary>
public sealed class ClusterCacheHealthCheck(ClusterCache cache) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var statuses = cache.Statuses;
        var summary = ConnectionSummary.From(statuses);
        var data = statuses.ToDictionary(s => s.Kind, s => (object)$"{s.State} ({s.Count} items)");
        return Task.FromResult(cache.IsSynced
            ? HealthCheckResult.Healthy(summary.Detail, data)
            : HealthCheckResult.Unhealthy(summary.Detail, data: data));
    }
}
