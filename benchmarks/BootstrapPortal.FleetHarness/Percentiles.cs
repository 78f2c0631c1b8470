namespace BootstrapPortal.FleetHarness;

/// <summary>Nearest-rank percentiles of a sample (pure).</summary>
public static class Percentiles
{
    /// <summary>The <paramref name="percent"/>th percentile (nearest rank) of <paramref name="values"/>; null when empty.</summary>
    public static double? Of(IReadOnlyCollection<double> values, double percent)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return null;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(percent, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
