namespace BootstrapPortal.Core.Text;

/// <summary>A duration argument, formatted for the reader's culture at render time in one of the portal's styles.</summary>
public readonly record struct TextDuration(TimeSpan Value, DurationStyle Style)
{
    /// <summary><c>365 days</c>, <c>2.5 hours</c>, <c>30 minutes</c> (requested and allowed certificate lifetimes).</summary>
    public static TextDuration Exact(TimeSpan value) => new(value, DurationStyle.Exact);

    /// <summary><c>3d 4h</c>, <c>2h 5m</c>, <c>45s</c> (ages and remaining times).</summary>
    public static TextDuration Compact(TimeSpan value) => new(value, DurationStyle.Compact);

    /// <summary><c>3 days</c>, <c>5 hours</c>, <c>an unknown time</c> for <see cref="TimeSpan.MaxValue"/> (how long a node has been silent).</summary>
    public static TextDuration Rough(TimeSpan value) => new(value, DurationStyle.Rough);

    public override string ToString() => DurationText.Format(this, System.Globalization.CultureInfo.InvariantCulture);
}

public enum DurationStyle
{
    Exact,
    Compact,
    Rough,
}
