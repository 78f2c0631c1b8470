using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BootstrapPortal.Core.Ledger;

/// <summary>Registers the certificate ledger (needs the portal database, the cluster cache and the CSR catalog).</summary>
public static class LedgerServiceCollectionExtensions
{
    public static IServiceCollection AddBootstrapPortalLedger(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LedgerWriter>();
        services.TryAddSingleton<LedgerReader>();
        services.TryAddSingleton<LedgerRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<LedgerRecorder>());
        services.TryAddSingleton<NodeCertificateBoard>();
        services.AddHostedService(sp => sp.GetRequiredService<NodeCertificateBoard>());
        return services;
    }
}
