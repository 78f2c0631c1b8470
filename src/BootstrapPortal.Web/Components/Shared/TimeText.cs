using System.Globalization;

namespace BootstrapPortal.Web.Components.Shared;

/// <summary>Short human forms of times and durations ("in 3h 20m", "2d ago"), invariant culture.</summary>
public static class TimeText
{
    public static string Duration(TimeSpan span)
    {
        span = span.Duration();
        if (span < TimeSpan.FromMinutes(1))
        {
            return $"{(int)span.TotalSeconds}s";
        }

        if (span < TimeSpan.FromHours(1))
        {
            return $"{(int)span.TotalMinutes}m";
        }

        if (span < TimeSpan.FromDays(1))
        {
            return span.Minutes == 0 ? $"{(int)span.TotalHours}h" : $"{(int)span.TotalHours}h {span.Minutes}m";
        }

        if (span < TimeSpan.FromDays(365))
        {
            return span.Hours == 0 ? $"{(int)span.TotalDays}d" : $"{(int)span.TotalDays}d {span.Hours}h";
        }

        return $"{span.TotalDays / 365.25:0.#}y".Replace(',', '.');
    }

    public static string Relative(DateTimeOffset at, DateTimeOffset now) =>
        at >= now ? "in " + Duration(at - now) : Duration(now - at) + " ago";

    public static string Absolute(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
