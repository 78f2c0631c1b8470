using BootstrapPortal.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Web.Hosting;

/// <summary>
/// Commands of the portal's executable besides serving: <c>migrate</c> applies the database migrations and exits without
/// starting the portal (for deployments that migrate before rolling out, with <c>Ledger:MigrateOnStart=false</c>).
/// </summary>
public static partial class PortalCommands
{
    public const string Migrate = "migrate";

    public static bool IsMigrate(string[] args) => args is [Migrate, ..];

    /// <summary>Runs <c>migrate</c>: validates the <c>Ledger</c> settings, applies pending migrations, returns the exit code.</summary>
    public static async Task<int> RunMigrateAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PortalCommands));
        try
        {
            var options = app.Services.GetRequiredService<IOptions<LedgerOptions>>().Value;
            using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(10));
            var applied = await PortalDatabase.MigrateAsync(app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>(), logger, cancel.Token);
            LogMigrated(logger, options.Provider, applied.Count);
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            LogInvalid(logger, string.Join(" ", ex.Failures));
            return 2;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "migrate: the {Provider} database is up to date ({Count} migration(s) applied)")]
    private static partial void LogMigrated(ILogger logger, LedgerProvider provider, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "migrate: invalid settings: {Failures}")]
    private static partial void LogInvalid(ILogger logger, string failures);
}
