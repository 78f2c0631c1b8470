using System.Reflection;

namespace BootstrapPortal.Core.Text;

/// <summary>Every <see cref="TextFormat"/> Core declares: the public static readonly fields of its catalogue classes.</summary>
public static class TextCatalogue
{
    /// <summary>Each format with the <c>Class.Field</c> name that declares it, ordered by that name.</summary>
    public static IReadOnlyList<(string Name, TextFormat Format)> All() =>
        [.. typeof(TextFormat).Assembly.GetTypes()
            .Where(t => t.IsClass && t.IsAbstract && t.IsSealed)
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsInitOnly && f.FieldType == typeof(TextFormat))
                .Select(f => (Name: t.Name + "." + f.Name, Format: (TextFormat)f.GetValue(null)!)))
            .OrderBy(e => e.Name, StringComparer.Ordinal)];
}
