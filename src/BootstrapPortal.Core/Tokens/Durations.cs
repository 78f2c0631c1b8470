using System.Globalization;

namespace BootstrapPortal.Core.Tokens;

/// <summary>
/// Go-style durations (<c>24h</c>, <c>90m</c>, <c>1h30m</c>, <c>45s</c>, <c>7d</c>) as kubeadm's <c>--ttl</c> takes them, and
/// <c>hh:mm:ss</c> / <c>d.hh:mm:ss</c>. The parser is total: it reads ASCII digits only, bounds every number before it
/// multiplies, and answers false (never throws) for anything else, however long or strange.
/// </summary>
public static class Durations
{
    /// <summary>The longest duration the parser accepts (100 years); callers apply their own, smaller limits.</summary>
    public static readonly TimeSpan MaxValue = TimeSpan.FromDays(36500);

    /// <summary>Inputs longer than this are refused before they are read.</summary>
    public const int MaxLength = 32;

    /// <summary>A short description of the accepted forms, for error messages (never the input itself).</summary>
    public const string Expected = "a duration such as 24h, 90m, 1h30m, 45s or 2d (digits 0-9, at most 100 years)";

    private const int MaxDigits = 9;

    /// <summary>Parses e.g. <c>24h</c>, <c>1h30m</c>, <c>2d</c>; also <c>hh:mm:ss</c> / <c>d.hh:mm:ss</c>. False for anything else.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (text is null)
        {
            return false;
        }

        var span = text.AsSpan().Trim(' ');
        if (span.IsEmpty || span.Length > MaxLength)
        {
            return false;
        }

        return span.Contains(':') ? TryParseClock(span, out value) : TryParseUnits(span, out value);
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

    /// <summary><c>[Nd][Nh][Nm][Ns]</c>, at least one part, units in this order, each at most once.</summary>
    private static bool TryParseUnits(ReadOnlySpan<char> span, out TimeSpan value)
    {
        value = default;
        ReadOnlySpan<(char Unit, long Seconds)> units = [('d', 86400), ('h', 3600), ('m', 60), ('s', 1)];
        long total = 0;
        var next = 0;
        var position = 0;
        while (position < span.Length)
        {
            if (!TryReadNumber(span, ref position, out var number) || position >= span.Length)
            {
                return false;
            }

            var unit = span[position++];
            while (next < units.Length && units[next].Unit != unit)
            {
                next++;
            }

            if (next == units.Length)
            {
                return false;
            }

            // number < 10^9 and seconds <= 86400, so the product and the sum of four fit a long with room to spare.
            total += number * units[next].Seconds;
            next++;
        }

        return TryFromSeconds(total, out value);
    }

    /// <summary><c>[d.]hh:mm[:ss]</c> with hours below 24 and minutes/seconds below 60.</summary>
    private static bool TryParseClock(ReadOnlySpan<char> span, out TimeSpan value)
    {
        value = default;
        var position = 0;
        if (!TryReadNumber(span, ref position, out var first))
        {
            return false;
        }

        long days = 0;
        var hours = first;
        if (position < span.Length && span[position] == '.')
        {
            position++;
            days = first;
            if (!TryReadNumber(span, ref position, out hours))
            {
                return false;
            }
        }

        if (!TryReadSeparated(span, ref position, out var minutes))
        {
            return false;
        }

        long seconds = 0;
        if (position < span.Length && !TryReadSeparated(span, ref position, out seconds))
        {
            return false;
        }

        if (position != span.Length || hours > 23 || minutes > 59 || seconds > 59)
        {
            return false;
        }

        return TryFromSeconds((days * 86400) + (hours * 3600) + (minutes * 60) + seconds, out value);
    }

    private static bool TryReadSeparated(ReadOnlySpan<char> span, ref int position, out long number)
    {
        number = 0;
        if (position >= span.Length || span[position] != ':')
        {
            return false;
        }

        position++;
        return TryReadNumber(span, ref position, out number);
    }

    /// <summary>One to <see cref="MaxDigits"/> ASCII digits; Unicode digits (e.g. Arabic-Indic or full-width) are not digits here.</summary>
    private static bool TryReadNumber(ReadOnlySpan<char> span, ref int position, out long number)
    {
        number = 0;
        var start = position;
        while (position < span.Length && char.IsAsciiDigit(span[position]))
        {
            if (position - start == MaxDigits)
            {
                return false;
            }

            number = (number * 10) + (span[position] - '0');
            position++;
        }

        return position > start;
    }

    private static bool TryFromSeconds(long seconds, out TimeSpan value)
    {
        value = default;
        if (seconds > (long)MaxValue.TotalSeconds)
        {
            return false;
        }

        value = TimeSpan.FromSeconds(seconds);
        return true;
    }
}
