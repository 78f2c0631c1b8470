using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Core.Persistence;

/// <summary>Applies the schema's migrations (at start, or through the portal's <c>migrate</c> command).</summary>
public static partial class PortalDatabase
{
    /// <summary>
    /// Applies every pending migration. EF Core takes a database lock while it migrates, so replicas starting together on one
    /// PostgreSQL server apply each migration once.
    /// </summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(IDbContextFactory<PortalDbContext> contexts, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(logger);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToArray();
        if (pending.Length > 0)
        {
            LogApplying(logger, db.Provider, pending.Length, string.Join(", ", pending));
            await db.Database.MigrateAsync(cancellationToken);
        }

        if (db.Provider == LedgerProvider.Sqlite)
        {
            // Write-ahead logging lets pages read while the ledger writes; the mode is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        LogReady(logger, db.Provider);
        return pending;
    }

    /// <summary>Migrations the database still lacks (empty when it is current).</summary>
    public static async Task<IReadOnlyList<string>> PendingAsync(IDbContextFactory<PortalDbContext> contexts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return [.. await db.Database.GetPendingMigrationsAsync(cancellationToken)];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Portal database ({Provider}): applying {Count} migration(s): {Migrations}")]
    private static partial void LogApplying(ILogger logger, LedgerProvider provider, int count, string migrations);

    [LoggerMessage(Level = LogLevel.Information, Message = "Portal database ({Provider}) is up to date")]
    private static partial void LogReady(ILogger logger, LedgerProvider provider);
}
