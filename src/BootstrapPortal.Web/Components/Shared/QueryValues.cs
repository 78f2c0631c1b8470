namespace BootstrapPortal.Web.Components.Shared;

/// <summary>Total parsing of a list page's filter values from the query string: anything unknown is dropped with a note.</summary>
public static class QueryValues
{
    /// <summary>An enum member by name (case-insensitive); numbers and unknown names are ignored with a note naming <paramref name="what"/>.</summary>
    public static TEnum? Enum<TEnum>(string? value, string what, ICollection<string> notes)
        where TEnum : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(notes);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (!value.All(char.IsAsciiLetter) || !System.Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed))
        {
            notes.Add($"The {what} in the address is not one this list knows; it is ignored.");
            return null;
        }

        return parsed;
    }

    /// <summary>A comma-separated set of enum members; unknown ones are ignored with a note.</summary>
    public static IReadOnlySet<TEnum> EnumSet<TEnum>(string? value, string what, ICollection<string> notes)
        where TEnum : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(notes);
        var set = new HashSet<TEnum>();
        if (string.IsNullOrEmpty(value))
        {
            return set;
        }

        var bad = false;
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.All(char.IsAsciiLetter) && System.Enum.TryParse<TEnum>(part, ignoreCase: true, out var parsed))
            {
                set.Add(parsed);
            }
            else
            {
                bad = true;
            }
        }

        if (bad)
        {
            notes.Add($"A {what} in the address is not one this list knows; it is ignored.");
        }

        return set;
    }

    /// <summary>Free text (search, a name): trimmed, empty as null, longer than <paramref name="max"/> ignored with a note.</summary>
    public static string? Text(string? value, string what, ICollection<string> notes, int max = 256)
    {
        ArgumentNullException.ThrowIfNull(notes);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (value.Length > max || value.Any(char.IsControl))
        {
            notes.Add($"The {what} in the address is too long or holds control characters; it is ignored.");
            return null;
        }

        return value.Trim();
    }
}
