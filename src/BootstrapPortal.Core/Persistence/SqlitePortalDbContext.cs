using Microsoft.EntityFrameworkCore;

namespace BootstrapPortal.Core.Persistence;

/// <summary>The portal database on SQLite; its migrations are in <c>Persistence/Migrations/Sqlite</c>.</summary>
public sealed class SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options) : PortalDbContext(options)
{
    public override LedgerProvider Provider => LedgerProvider.Sqlite;
}
