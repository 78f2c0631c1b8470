using System.Globalization;

namespace BootstrapPortal.Core.Text;

/// <summary>
/// Formats <see cref="TextDuration"/> arguments: English (the invariant culture and every culture without its own units here)
/// and Chinese (<c>zh</c>, <c>zh-Hans</c>). The English forms are the texts the portal has always produced.
/// </summary>
public static class DurationText
{
    public static string Format(TextDuration duration, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var units = string.Equals(culture.TwoLetterISOLanguageName, "zh", StringComparison.Ordinal) ? Chinese : English;
        return duration.Style switch
        {
            DurationStyle.Exact => Exact(duration.Value, units),
            DurationStyle.Compact => Compact(duration.Value, units),
            _ => Rough(duration.Value, units),
        };
    }

    private static string Exact(TimeSpan span, Units u) =>
        span.TotalDays >= 1 && span.TotalDays == Math.Floor(span.TotalDays)
            ? Number(span.TotalDays, "0") + (span.TotalDays == 1 ? u.Day : u.Days)
            : span.TotalHours >= 1 ? Number(span.TotalHours, "0.##") + u.Hours
            : Number(span.TotalMinutes, "0.##") + u.Minutes;

    private static string Compact(TimeSpan span, Units u)
    {
        span = span.Duration();
        return span.TotalDays >= 1 ? Whole((int)span.TotalDays) + u.D + u.Gap + Whole(span.Hours) + u.H
            : span.TotalHours >= 1 ? Whole((int)span.TotalHours) + u.H + u.Gap + Whole(span.Minutes) + u.M
            : span.TotalMinutes >= 1 ? Whole((int)span.TotalMinutes) + u.M + u.Gap + Whole(span.Seconds) + u.S
            : Whole((int)span.TotalSeconds) + u.S;
    }

    private static string Rough(TimeSpan span, Units u)
    {
        if (span == TimeSpan.MaxValue)
        {
            return u.Unknown;
        }

        span = span < TimeSpan.Zero ? TimeSpan.Zero : span;
        return span.TotalDays >= 2 ? Whole((int)span.TotalDays) + u.Days
            : span.TotalHours >= 2 ? Whole((int)span.TotalHours) + u.Hours
            : span.TotalMinutes >= 2 ? Whole((int)span.TotalMinutes) + u.Minutes
            : Whole((int)span.TotalSeconds) + u.Seconds;
    }

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Whole(int value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record Units(string Day, string Days, string Hours, string Minutes, string Seconds, string D, string H, string M, string S, string Gap, string Unknown);

    private static readonly Units English = new(" day", " days", " hours", " minutes", " seconds", "d", "h", "m", "s", " ", "an unknown time");

    private static readonly Units Chinese = new(" 天", " 天", " 小时", " 分钟", " 秒", " 天", " 小时", " 分钟", " 秒", " ", "未知时长");
}
