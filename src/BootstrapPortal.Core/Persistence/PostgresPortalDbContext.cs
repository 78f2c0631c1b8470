using Microsoft.EntityFrameworkCore;

namespace BootstrapPortal.Core.Persistence;

/// <summary>The portal database on PostgreSQL; its migrations are in <c>Persistence/Migrations/Postgres</c>.</summary>
public sealed class PostgresPortalDbContext(DbContextOptions<PostgresPortalDbContext> options) : PortalDbContext(options)
{
    public override LedgerProvider Provider => LedgerProvider.Postgres;
}
