using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Audit;
using BootstrapPortal.Core.Kubeconfigs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Tokens;

/// <summary>Registers the token and bootstrap-kubeconfig services (needs IKubernetes and ClusterCache from the cluster wiring).</summary>
public static class TokenServiceCollectionExtensions
{
    public static IServiceCollection AddBootstrapPortalTokens(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TokenOptions>().Bind(configuration.GetSection(TokenOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TokenOptions>, TokenOptionsValidator>());
        services.AddOptions<KubeconfigOptions>().Bind(configuration.GetSection(KubeconfigOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KubeconfigOptions>, KubeconfigOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<KubernetesImpersonation>();
        services.TryAddSingleton<IAuditTrail, LoggingAuditTrail>();
        services.TryAddSingleton<BootstrapTokenGenerator>();
        services.TryAddSingleton<IBootstrapTokenService, BootstrapTokenService>();
        services.TryAddSingleton<IBootstrapKubeconfigService, BootstrapKubeconfigService>();
        services.AddHostedService<OneTimeTokenReaper>();
        return services;
    }
}
