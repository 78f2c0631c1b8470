using System.Collections.Frozen;

namespace BootstrapPortal.Core.Parsing;

/// <summary>
/// Parses a set filter as it comes from a query string: one enum name or a comma-separated list of them, case-insensitive
/// (<see cref="EnumNames"/>: never numbers, never flags arithmetic).
/// </summary>
public static class EnumSetFilter
{
    /// <summary>Inputs longer than this are refused before they are split.</summary>
    public const int MaxLength = 128;

    /// <summary>What the filter accepts, for error messages (never the input itself).</summary>
    public static string Expected<TEnum>()
        where TEnum : struct, Enum => $"one of {EnumNames.List<TEnum>()}, or a comma-separated list of them";

    /// <summary>The values named by <paramref name="text"/>; false when any entry is not a name.</summary>
    public static bool TryParse<TEnum>(string? text, out IReadOnlySet<TEnum> values)
        where TEnum : struct, Enum
    {
        values = FrozenSet<TEnum>.Empty;
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxLength)
        {
            return false;
        }

        var parsed = new HashSet<TEnum>();
        foreach (var part in text.Split(','))
        {
            if (!EnumNames.TryParse<TEnum>(part.Trim(' '), out var value))
            {
                return false;
            }

            parsed.Add(value);
        }

        values = parsed.ToFrozenSet();
        return true;
    }
}
