using System.Data.Common;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Persistence;

/// <summary>Checks the <c>Ledger</c> section and <c>ConnectionStrings:Ledger</c> at start; every message names the key at fault.</summary>
public sealed class LedgerOptionsValidator : IValidateOptions<LedgerOptions>
{
    public ValidateOptionsResult Validate(string? name, LedgerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string S = LedgerOptions.SectionName;
        const string C = LedgerOptions.ConnectionStringKey;
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Provider))
        {
            failures.Add($"{S}:Provider must be Sqlite or Postgres.");
        }

        if (options.Provider == LedgerProvider.Postgres && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{C} is required when {S}:Provider is Postgres (e.g. \"Host=db;Database=bootstrapportal;Username=portal;Password=…\").");
        }
        else if (!string.IsNullOrWhiteSpace(options.ConnectionString) && !IsWellFormed(options.ConnectionString))
        {
            // The value is never echoed: it may carry a password.
            failures.Add($"{C} is not a valid connection string (key=value pairs separated by semicolons).");
        }

        if (options.Retention < TimeSpan.Zero || (options.Retention > TimeSpan.Zero && options.Retention < TimeSpan.FromDays(1)))
        {
            failures.Add($"{S}:Retention must be 00:00:00 (keep everything) or at least 1.00:00:00 (was {options.Retention}).");
        }

        if (options.QueueCapacity is < 100 or > 1_000_000)
        {
            failures.Add($"{S}:QueueCapacity must be between 100 and 1000000 (was {options.QueueCapacity}).");
        }

        if (options.BatchSize is < 1 or > 5_000)
        {
            failures.Add($"{S}:BatchSize must be between 1 and 5000 (was {options.BatchSize}).");
        }

        if (options.PendingRenewalThreshold < TimeSpan.FromSeconds(10))
        {
            failures.Add($"{S}:PendingRenewalThreshold must be at least 00:00:10 (was {options.PendingRenewalThreshold}).");
        }

        if (!(options.RenewalWarningFraction > 0 && options.RenewalWarningFraction < 1))
        {
            failures.Add($"{S}:RenewalWarningFraction must be between 0 and 1, exclusive (was {options.RenewalWarningFraction}).");
        }

        if (!(options.RenewalOverdueFraction > 0 && options.RenewalOverdueFraction < 1) || options.RenewalOverdueFraction < options.RenewalWarningFraction)
        {
            failures.Add($"{S}:RenewalOverdueFraction must be below 1 and at least {S}:RenewalWarningFraction (was {options.RenewalOverdueFraction}).");
        }

        if (options.ExpiringSoonWindow < TimeSpan.Zero || options.ExpiringSoonWindow > TimeSpan.FromDays(365))
        {
            failures.Add($"{S}:ExpiringSoonWindow must be between 00:00:00 and 365.00:00:00 (was {options.ExpiringSoonWindow}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsWellFormed(string connectionString)
    {
        try
        {
            _ = new DbConnectionStringBuilder { ConnectionString = connectionString };
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
