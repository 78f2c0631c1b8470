using System.Collections.Frozen;

namespace BootstrapPortal.Core.Parsing;

/// <summary>
/// Parses an enum value from outside input by its name alone, case-insensitive: never a number, never a comma list of
/// flags (which <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/> would OR together into another value), never
/// with surrounding spaces.
/// </summary>
public static class EnumNames
{
    /// <summary>The accepted names, for error messages (which never repeat the input).</summary>
    public static string List<TEnum>()
        where TEnum : struct, Enum => Names<TEnum>.Joined;

    public static bool TryParse<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        value = default;
        return text is not null && Names<TEnum>.ByName.TryGetValue(text, out value);
    }

    /// <summary>Built once per enum type, immutable afterwards.</summary>
    private static class Names<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly FrozenDictionary<string, TEnum> ByName =
            Enum.GetValues<TEnum>().ToFrozenDictionary(v => v.ToString(), v => v, StringComparer.OrdinalIgnoreCase);

        public static readonly string Joined = string.Join(", ", Enum.GetNames<TEnum>());
    }
}
