using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Persistence;

/// <summary>
/// Creates the provider's context for each unit of work (contexts are not thread-safe; the factory is a singleton).
/// </summary>
public sealed class PortalDbContextFactory : IDbContextFactory<PortalDbContext>
{
    private readonly LedgerProvider _provider;
    private readonly DbContextOptions<SqlitePortalDbContext>? _sqlite;
    private readonly DbContextOptions<PostgresPortalDbContext>? _postgres;

    public PortalDbContextFactory(IOptions<LedgerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        _provider = o.Provider;
        var connectionString = o.ConnectionString ?? string.Empty;
        if (_provider == LedgerProvider.Postgres)
        {
            _postgres = CreatePostgresOptions(connectionString);
        }
        else
        {
            _sqlite = CreateSqliteOptions(connectionString);
        }
    }

    public LedgerProvider Provider => _provider;

    public PortalDbContext CreateDbContext() =>
        _provider == LedgerProvider.Postgres ? new PostgresPortalDbContext(_postgres!) : new SqlitePortalDbContext(_sqlite!);

    public static DbContextOptions<SqlitePortalDbContext> CreateSqliteOptions(string connectionString)
    {
        // The folder of the database file is created on first use (the data folder of a fresh checkout does not exist yet).
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.DataSource) && builder.Mode != SqliteOpenMode.Memory
            && !builder.DataSource.StartsWith(':') && Path.GetDirectoryName(Path.GetFullPath(builder.DataSource)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        return new DbContextOptionsBuilder<SqlitePortalDbContext>()
            .UseSqlite(connectionString, sqlite => sqlite.MigrationsHistoryTable("ef_migrations_history"))
            .Options;
    }

    public static DbContextOptions<PostgresPortalDbContext> CreatePostgresOptions(string connectionString) =>
        new DbContextOptionsBuilder<PostgresPortalDbContext>()
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("ef_migrations_history"))
            .Options;
}
