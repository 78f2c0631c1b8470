namespace BootstrapPortal.Core.Tokens;

/// <summary>
/// Go's <c>time.Parse(time.RFC3339, s)</c> (layout <c>2006-01-02T15:04:05Z07:00</c>), which Kubernetes uses for bootstrap-token
/// expirations (k8s.io/cluster-bootstrap <c>util/secrets/secrets.go</c>). Go accepts a fractional second of any length after the
/// seconds even though the layout has none (digits past the ninth are dropped), <c>Z</c> or a <c>±hh:mm</c> offset, an upper-case
/// <c>T</c> only, and checks every field's range (day against the month, no leap second).
/// </summary>
public static class GoRfc3339
{
    /// <summary>Parses <paramref name="value"/>; false when Go's parser would return an error.</summary>
    public static bool TryParse(string? value, out DateTimeOffset result)
    {
        result = default;
        if (value is null || value.Length < 19)
        {
            return false;
        }

        if (!Digits(value, 0, 4, out var year) || value[4] != '-' || !Digits(value, 5, 2, out var month) || value[7] != '-'
            || !Digits(value, 8, 2, out var day) || value[10] != 'T')
        {
            return false;
        }

        // Go's general parser accepts a one-digit hour for the "15" element; minutes and seconds need two digits.
        var position = 11;
        if (!Digit(value, position, out var hour))
        {
            return false;
        }

        position++;
        if (Digit(value, position, out var hour2))
        {
            hour = (hour * 10) + hour2;
            position++;
        }

        if (!At(value, position, ':') || !Digits(value, position + 1, 2, out var minute) || !At(value, position + 3, ':')
            || !Digits(value, position + 4, 2, out var second))
        {
            return false;
        }

        position += 6;
        long ticks = 0;
        if (position + 1 < value.Length && value[position] is '.' or ',' && char.IsAsciiDigit(value[position + 1]))
        {
            position++;
            var digits = 0;
            while (position < value.Length && char.IsAsciiDigit(value[position]))
            {
                if (digits < 7)
                {
                    ticks = (ticks * 10) + (value[position] - '0');
                }

                digits++;
                position++;
            }

            for (var i = digits; i < 7; i++)
            {
                ticks *= 10;
            }
        }

        TimeSpan offset;
        var zone = value.AsSpan(position);
        if (zone is "Z")
        {
            offset = TimeSpan.Zero;
        }
        else if (zone.Length == 6 && zone[0] is '+' or '-' && zone[3] == ':'
            && Digits(value, position + 1, 2, out var offsetHours) && Digits(value, position + 4, 2, out var offsetMinutes)
            && offsetHours <= 24 && offsetMinutes <= 60)
        {
            offset = new TimeSpan(offsetHours, offsetMinutes, 0) * (zone[0] == '-' ? -1 : 1);
        }
        else
        {
            return false;
        }

        if (month is < 1 or > 12 || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        // Year 0 is valid for Go; .NET starts at year 1. Such a time lies in the distant past either way.
        if (year == 0)
        {
            result = DateTimeOffset.MinValue;
            return day is >= 1 and <= 31;
        }

        if (day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(ticks);
        var utcTicks = local.Ticks - offset.Ticks;
        result = utcTicks < DateTime.MinValue.Ticks ? DateTimeOffset.MinValue
            : utcTicks > DateTime.MaxValue.Ticks ? DateTimeOffset.MaxValue
            : new DateTimeOffset(utcTicks, TimeSpan.Zero);
        return true;
    }

    private static bool At(string value, int index, char expected) => index < value.Length && value[index] == expected;

    private static bool Digit(string value, int index, out int digit)
    {
        digit = index < value.Length && char.IsAsciiDigit(value[index]) ? value[index] - '0' : -1;
        return digit >= 0;
    }

    private static bool Digits(string value, int index, int count, out int number)
    {
        number = 0;
        if (index + count > value.Length)
        {
            return false;
        }

        for (var i = index; i < index + count; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                return false;
            }

            number = (number * 10) + (value[i] - '0');
        }

        return true;
    }
}
