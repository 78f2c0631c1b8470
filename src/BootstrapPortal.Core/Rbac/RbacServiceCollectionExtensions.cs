using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Audit;
using BootstrapPortal.Core.Preflight;
using BootstrapPortal.Core.Tokens;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Rbac;

/// <summary>Registers the RBAC audit, its fix, the preflight and the cluster-granted default token groups (needs IKubernetes, ClusterCache, CsrCatalog).</summary>
public static class RbacServiceCollectionExtensions
{
    public static IServiceCollection AddBootstrapPortalRbac(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<PreflightOptions>().Bind(configuration.GetSection(PreflightOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PreflightOptions>, PreflightOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAuditTrail, LoggingAuditTrail>();
        services.TryAddSingleton<BootstrapTokenGenerator>();
        services.TryAddSingleton<ISubjectDirectory, KubernetesSubjectDirectory>();
        services.TryAddSingleton<RbacAuditService>();
        services.TryAddSingleton<KubernetesImpersonation>();
        services.TryAddSingleton<RbacFixService>();
        services.TryAddSingleton<IDefaultTokenGroups, ClusterGrantedTokenGroups>();
        services.TryAddSingleton<BootstrapTokenProbe>();
        services.TryAddSingleton<PreflightService>();
        return services;
    }
}
