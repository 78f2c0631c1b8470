using Microsoft.EntityFrameworkCore.Design;

namespace BootstrapPortal.Core.Persistence;

/// <summary>
/// Lets <c>dotnet ef migrations add NAME --context SqlitePortalDbContext --output-dir Persistence/Migrations/Sqlite</c> build
/// the SQLite context without the portal's host (no database is opened to add a migration).
/// </summary>
public sealed class SqliteDesignTimeContextFactory : IDesignTimeDbContextFactory<SqlitePortalDbContext>
{
    public SqlitePortalDbContext CreateDbContext(string[] args) =>
        new(PortalDbContextFactory.CreateSqliteOptions("Data Source=" + Path.Combine(Path.GetTempPath(), "bootstrapportal-design.db")));
}

/// <summary>The same for <c>--context PostgresPortalDbContext --output-dir Persistence/Migrations/Postgres</c>.</summary>
public sealed class PostgresDesignTimeContextFactory : IDesignTimeDbContextFactory<PostgresPortalDbContext>
{
    public PostgresPortalDbContext CreateDbContext(string[] args) =>
        new(PortalDbContextFactory.CreatePostgresOptions("Host=localhost;Database=bootstrapportal_design"));
}
