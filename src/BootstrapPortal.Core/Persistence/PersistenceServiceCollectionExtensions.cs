using BootstrapPortal.Core.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Persistence;

/// <summary>Registers the portal database: validated options, the context factory, the start-up migrator and the audit store.</summary>
public static class PersistenceServiceCollectionExtensions
{
    /// <summary>The SQLite file used when <c>ConnectionStrings:Ledger</c> is empty, relative to the content root.</summary>
    public static readonly string DefaultSqlitePath = Path.Combine(".data", "portal.db");

    /// <summary>
    /// Call before the cluster wiring, so the migrator runs before any other hosted service.
    /// </summary>
    public static IServiceCollection AddPortalDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LedgerOptions>()
            .Bind(configuration.GetSection(LedgerOptions.SectionName))
            .Configure<IHostEnvironment>((o, environment) =>
            {
                var configured = configuration.GetConnectionString(LedgerOptions.ConnectionStringName);
                o.ConnectionString = string.IsNullOrWhiteSpace(configured) && o.Provider == LedgerProvider.Sqlite
                    ? "Data Source=" + Path.Combine(environment.ContentRootPath, DefaultSqlitePath)
                    : configured;
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LedgerOptions>, LedgerOptionsValidator>());
        services.TryAddSingleton<IDbContextFactory<PortalDbContext>, PortalDbContextFactory>();
        services.TryAddSingleton<AuditStore>();
        services.AddHostedService<PortalDatabaseMigrator>();
        return services;
    }
}
