using System.Globalization;
using System.Text.RegularExpressions;

namespace BootstrapPortal.Core.Tokens;

/// <summary>Go-style durations (<c>24h</c>, <c>90m</c>, <c>1h30m</c>, <c>45s</c>, <c>7d</c>) as kubeadm's <c>--ttl</c> takes them.</summary>
public static partial class Durations
{
    [GeneratedRegex(@"\A(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>Parses e.g. <c>24h</c>, <c>1h30m</c>, <c>2d</c>; also <c>hh:mm:ss</c> / <c>d.hh:mm:ss</c>. False for anything else.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        var match = Pattern().Match(text);
        if (match.Success && text.Length > 0)
        {
            try
            {
                value = TimeSpan.FromDays(Part(match, 1)) + TimeSpan.FromHours(Part(match, 2)) + TimeSpan.FromMinutes(Part(match, 3)) + TimeSpan.FromSeconds(Part(match, 4));
                return true;
            }
            catch (OverflowException)
            {
                return false;
            }
        }

        return text.Contains(':', StringComparison.Ordinal) &&
            TimeSpan.TryParseExact(text, ["c"], CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Formats like Go (<c>24h0m0s</c> → <c>24h</c>; days as hours).</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var hours = (long)value.TotalHours;
        var parts = string.Empty;
        if (hours > 0)
        {
            parts += hours.ToString(CultureInfo.InvariantCulture) + "h";
        }

        if (value.Minutes > 0)
        {
            parts += value.Minutes.ToString(CultureInfo.InvariantCulture) + "m";
        }

        if (value.Seconds > 0)
        {
            parts += value.Seconds.ToString(CultureInfo.InvariantCulture) + "s";
        }

        return parts.Length == 0 ? "0s" : parts;
    }

    private static long Part(Match match, int group) =>
        match.Groups[group].Success ? long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
}
