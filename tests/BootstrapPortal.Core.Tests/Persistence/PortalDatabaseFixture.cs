using BootstrapPortal.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Tests.Persistence;

/// <summary>A migrated portal database of one provider, one per test class.</summary>
public abstract class PortalDatabaseFixture : IAsyncLifetime
{
    public abstract LedgerProvider Provider { get; }

    public string ConnectionString { get; private set; } = string.Empty;

    public IDbContextFactory<PortalDbContext> Contexts { get; private set; } = default!;

    public LedgerOptions Options => new() { Provider = Provider, ConnectionString = ConnectionString };

    /// <summary>A second, independent factory on the same database (as another portal instance would have).</summary>
    public IDbContextFactory<PortalDbContext> CreateFactory() => new PortalDbContextFactory(Microsoft.Extensions.Options.Options.Create(Options));

    public async Task InitializeAsync()
    {
        ConnectionString = await CreateDatabaseAsync();
        Contexts = CreateFactory();
        await PortalDatabase.MigrateAsync(Contexts, NullLogger.Instance, CancellationToken.None);
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected abstract Task<string> CreateDatabaseAsync();
}
