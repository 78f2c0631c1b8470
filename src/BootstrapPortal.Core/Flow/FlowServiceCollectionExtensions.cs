using BootstrapPortal.Core.Objects;
using BootstrapPortal.Core.Overview;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BootstrapPortal.Core.Flow;

/// <summary>Registers the bootstrap-flow and overview read models (need the CSR catalogue, the nodes board and the RBAC audit) and the Events reader of the detail pages.</summary>
public static class FlowServiceCollectionExtensions
{
    public static IServiceCollection AddBootstrapPortalFlow(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BootstrapFlowService>();
        services.TryAddSingleton<OverviewService>();
        services.TryAddSingleton<ObjectEventsService>();
        return services;
    }
}
