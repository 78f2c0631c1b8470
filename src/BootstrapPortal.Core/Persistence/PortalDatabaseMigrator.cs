using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Persistence;

/// <summary>
/// Brings the database schema up to date before anything else starts (registered as the first hosted service). With
/// <c>Ledger:MigrateOnStart=false</c> it only checks, and stops the portal when migrations are missing.
/// </summary>
public sealed partial class PortalDatabaseMigrator(
    IDbContextFactory<PortalDbContext> contexts,
    IOptions<LedgerOptions> options,
    ILogger<PortalDatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStart)
        {
            await PortalDatabase.MigrateAsync(contexts, logger, cancellationToken);
            return;
        }

        var pending = await PortalDatabase.PendingAsync(contexts, cancellationToken);
        if (pending.Count > 0)
        {
            throw new InvalidOperationException(
                $"The portal database lacks {pending.Count} migration(s) ({string.Join(", ", pending)}) and {LedgerOptions.SectionName}:MigrateOnStart is false: "
                + "run the portal's migrate command first (dotnet BootstrapPortal.Web.dll migrate).");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
