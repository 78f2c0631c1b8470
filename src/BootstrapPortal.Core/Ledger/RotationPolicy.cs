using BootstrapPortal.Core.Persistence;

namespace BootstrapPortal.Core.Ledger;

/// <summary>The thresholds rotation health is judged by (from <see cref="LedgerOptions"/>).</summary>
public sealed record RotationPolicy(TimeSpan PendingRenewalThreshold, double WarningFraction, double OverdueFraction)
{
    public static RotationPolicy Default { get; } = From(new LedgerOptions());

    public static RotationPolicy From(LedgerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(options.PendingRenewalThreshold, options.RenewalWarningFraction, options.RenewalOverdueFraction);
    }
}
