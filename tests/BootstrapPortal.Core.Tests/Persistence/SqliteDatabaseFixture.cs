using BootstrapPortal.Core.Persistence;
using Microsoft.Data.Sqlite;

namespace BootstrapPortal.Core.Tests.Persistence;

/// <summary>A portal database in a fresh SQLite file.</summary>
public sealed class SqliteDatabaseFixture : PortalDatabaseFixture
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bp-sqlite-").FullName;

    public override LedgerProvider Provider => LedgerProvider.Sqlite;

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    protected override Task<string> CreateDatabaseAsync() =>
        Task.FromResult("Data Source=" + Path.Combine(_folder, "data", "portal.db"));
}
