using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Audit;
using BootstrapPortal.Core.Csrs.Serving;
using BootstrapPortal.Core.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// Registers the CSR catalog, the approval service, the serving policy (store, evaluator, dry run) and the serving policy
/// approver (needs IKubernetes and ClusterCache).
/// </summary>
public static class CsrServiceCollectionExtensions
{
    public static IServiceCollection AddBootstrapPortalCsrs(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<CsrPolicyOptions>().Bind(configuration.GetSection(CsrPolicyOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CsrPolicyOptions>, CsrPolicyOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddPortalTexts();
        services.TryAddSingleton<KubernetesImpersonation>();
        services.TryAddSingleton<IAuditTrail, LoggingAuditTrail>();
        services.TryAddSingleton<IClusterCaSource, EndpointClusterCaSource>();
        services.TryAddSingleton<ServingPolicyStore>();
        services.TryAddSingleton<IServingPolicyStore>(sp => sp.GetRequiredService<ServingPolicyStore>());
        services.AddHostedService(sp => sp.GetRequiredService<ServingPolicyStore>());
        services.TryAddSingleton<IHostAddressResolver, DnsHostAddressResolver>();
        services.TryAddSingleton<ServingPolicyEvaluator>();
        services.TryAddSingleton<ServingPolicyDryRun>();
        services.TryAddSingleton<CsrCatalog>();
        services.TryAddSingleton<ICsrApprovalService, CsrApprovalService>();
        services.TryAddSingleton<AutoApprovalReviewer>();
        services.AddHostedService<KubeletServingPolicyApprover>();
        return services;
    }
}
