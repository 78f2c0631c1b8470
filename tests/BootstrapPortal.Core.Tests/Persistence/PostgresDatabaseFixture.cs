using BootstrapPortal.Core.Persistence;
using BootstrapPortal.Tests.Shared;

namespace BootstrapPortal.Core.Tests.Persistence;

/// <summary>A portal database of its own on the test run's PostgreSQL server.</summary>
public sealed class PostgresDatabaseFixture : PortalDatabaseFixture
{
    public override LedgerProvider Provider => LedgerProvider.Postgres;

    protected override async Task<string> CreateDatabaseAsync()
    {
        var server = await PostgresServer.GetAsync();
        return await server.CreateDatabaseAsync("portal");
    }
}
