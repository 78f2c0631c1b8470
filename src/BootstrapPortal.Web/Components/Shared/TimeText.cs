using System.Globalization;
using BootstrapPortal.Web.Localization;

namespace BootstrapPortal.Web.Components.Shared;

/// <summary>
/// Short human forms of times and durations in the console's language: "in 3h 20m", "2d ago" in English, "3 小时 20 分钟后",
/// "2 天前" in Chinese; exact times in the culture's date and time format, always in UTC. The one place the console turns a
/// time into words (the JSON API and the audit trail keep ISO 8601).
/// </summary>
public static class TimeText
{
    public static string Duration(TimeSpan span) => DurationIn(span, CultureInfo.CurrentUICulture);

    public static string DurationIn(TimeSpan span, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var words = TimeWords.For(culture);
        span = span.Duration();
        if (span < TimeSpan.FromMinutes(1))
        {
            return words.Seconds((int)span.TotalSeconds);
        }

        if (span < TimeSpan.FromHours(1))
        {
            return words.Minutes((int)span.TotalMinutes);
        }

        if (span < TimeSpan.FromDays(1))
        {
            return span.Minutes == 0 ? words.Hours((int)span.TotalHours) : words.Join(words.Hours((int)span.TotalHours), words.Minutes(span.Minutes));
        }

        if (span < TimeSpan.FromDays(365))
        {
            return span.Hours == 0 ? words.Days((int)span.TotalDays) : words.Join(words.Days((int)span.TotalDays), words.Hours(span.Hours));
        }

        return words.Years(span.TotalDays / 365.25);
    }

    public static string Relative(DateTimeOffset at, DateTimeOffset now) => RelativeIn(at, now, CultureInfo.CurrentUICulture);

    public static string RelativeIn(DateTimeOffset at, DateTimeOffset now, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var words = TimeWords.For(culture);
        return at >= now ? words.Future(DurationIn(at - now, culture)) : words.Past(DurationIn(now - at, culture));
    }

    /// <summary>The exact time in UTC in the culture's way: "2026-12-01 21:50:31Z" in English, "2026年12月1日 21:50:31 UTC" in Chinese.</summary>
    public static string Absolute(DateTimeOffset at) => AbsoluteIn(at, CultureInfo.CurrentCulture);

    public static string AbsoluteIn(DateTimeOffset at, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var utc = at.UtcDateTime;
        return PortalCultures.Match(culture.Name) == PortalCultures.SimplifiedChinese
            ? utc.ToString("yyyy'年'M'月'd'日' HH:mm:ss", culture) + " UTC"
            : utc.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>A day (UTC) in the culture's short form without the year, for chart labels: "Dec 1" in English, "12月1日" in Chinese.</summary>
    public static string Day(DateOnly day) => DayIn(day, CultureInfo.CurrentCulture);

    /// <summary>The UTC day of <paramref name="at"/> as <see cref="Day(DateOnly)"/>.</summary>
    public static string Day(DateTimeOffset at) => Day(DateOnly.FromDateTime(at.UtcDateTime));

    public static string DayIn(DateOnly day, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return PortalCultures.Match(culture.Name) == PortalCultures.SimplifiedChinese
            ? day.ToString("M'月'd'日'", culture)
            : day.ToString("MMM d", CultureInfo.InvariantCulture);
    }

    /// <summary>The words of one language.</summary>
    private sealed record TimeWords(
        Func<int, string> Seconds,
        Func<int, string> Minutes,
        Func<int, string> Hours,
        Func<int, string> Days,
        Func<double, string> Years,
        Func<string, string, string> Join,
        Func<string, string> Future,
        Func<string, string> Past)
    {
        private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

        private static readonly TimeWords EnglishWords = new(
            s => s.ToString(Invariant) + "s",
            m => m.ToString(Invariant) + "m",
            h => h.ToString(Invariant) + "h",
            d => d.ToString("#,0", Invariant) + "d",
            y => y.ToString("0.#", Invariant) + "y",
            (a, b) => a + " " + b,
            d => "in " + d,
            d => d + " ago");

        private static readonly TimeWords ChineseWords = new(
            s => s.ToString(Invariant) + " 秒",
            m => m.ToString(Invariant) + " 分钟",
            h => h.ToString(Invariant) + " 小时",
            d => d.ToString("#,0", Invariant) + " 天",
            y => y.ToString("0.#", Invariant) + " 年",
            (a, b) => a + " " + b,
            d => d + "后",
            d => d + "前");

        public static TimeWords For(CultureInfo culture) =>
            PortalCultures.Match(culture.Name) == PortalCultures.SimplifiedChinese ? ChineseWords : EnglishWords;
    }
}
