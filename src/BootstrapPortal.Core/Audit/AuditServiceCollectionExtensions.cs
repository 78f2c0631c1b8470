using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Audit;

/// <summary>
/// Registers the composed audit trail as the one <see cref="IAuditTrail"/>: the structured log, the portal database's table and
/// Kubernetes Events. Needs the portal database (AddPortalDatabase), ClusterCache and IKubernetes.
/// </summary>
public static class AuditServiceCollectionExtensions
{
    public static IServiceCollection AddBootstrapPortalAuditTrail(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AuditOptions>().Bind(configuration.GetSection(AuditOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditOptions>, AuditOptionsValidator>());
        // The database's table (AddPortalDatabase registers AuditStore).
        services.TryAddSingleton<IAuditStore>(sp => sp.GetRequiredService<AuditStore>());
        services.TryAddSingleton<LoggingAuditTrail>();
        services.TryAddSingleton<StoreAuditTrail>();
        services.TryAddSingleton<KubernetesEventAuditTrail>();
        services.AddHostedService(sp => sp.GetRequiredService<KubernetesEventAuditTrail>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuditTrailWriter, AuditTrailWriter<LoggingAuditTrail>>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuditTrailWriter, AuditTrailWriter<StoreAuditTrail>>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuditTrailWriter, AuditTrailWriter<KubernetesEventAuditTrail>>());
        services.Replace(ServiceDescriptor.Singleton<IAuditTrail, CompositeAuditTrail>());
        return services;
    }
}
