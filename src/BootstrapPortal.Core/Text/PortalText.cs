using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BootstrapPortal.Core.Text;

/// <summary>
/// A sentence Core produces for people, kept culture-free so one shared snapshot can serve readers of every language: a
/// catalogued <see cref="TextFormat"/> and its arguments. <see cref="ToString"/> is the English text (what the JSON API, logs
/// and the audit trail carry); the Web renders it in the reader's language with <see cref="PortalTextLocalizer"/>.
/// Immutable; equal when the format and the English text are.
/// </summary>
[JsonConverter(typeof(PortalTextJsonConverter))]
public sealed class PortalText : IEquatable<PortalText>
{
    private readonly string _english;

    internal PortalText(TextFormat format, object[] arguments)
    {
        Format = format;
        Arguments = [.. arguments];
        _english = Render(static _ => null, CultureInfo.InvariantCulture);
    }

    public TextFormat Format { get; }

    /// <summary>Strings (verbatim), numbers, <see cref="TextDuration"/>, <see cref="PortalText"/> or <see cref="TextList"/>.</summary>
    public ImmutableArray<object> Arguments { get; }

    /// <summary>
    /// The text in <paramref name="culture"/>: the format <paramref name="translate"/> gives (null: the English one), the
    /// arguments rendered the same way, numbers and durations formatted for that culture.
    /// </summary>
    public string Render(Func<TextFormat, string?> translate, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(translate);
        ArgumentNullException.ThrowIfNull(culture);
        var format = translate(Format) ?? Format.English;
        if (Arguments.IsEmpty)
        {
            return format.Replace("{{", "{", StringComparison.Ordinal).Replace("}}", "}", StringComparison.Ordinal);
        }

        var rendered = new object?[Arguments.Length];
        for (var i = 0; i < rendered.Length; i++)
        {
            rendered[i] = RenderArgument(Arguments[i], translate, culture);
        }

        try
        {
            return string.Format(culture, format, rendered);
        }
        catch (FormatException) when (!ReferenceEquals(format, Format.English))
        {
            // A broken translation must not break a page: fall back to the English format.
            return string.Format(culture, Format.English, rendered);
        }
    }

    /// <summary>The English text.</summary>
    public override string ToString() => _english;

    public bool Equals(PortalText? other) =>
        other is not null && ReferenceEquals(Format, other.Format) && string.Equals(_english, other._english, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is PortalText other && Equals(other);

    public override int GetHashCode() => _english.GetHashCode(StringComparison.Ordinal);

    private static object? RenderArgument(object? argument, Func<TextFormat, string?> translate, CultureInfo culture) => argument switch
    {
        null => string.Empty,
        PortalText text => text.Render(translate, culture),
        TextList list => string.Join(list.Separator, list.Items.Select(t => t.Render(translate, culture))),
        TextDuration duration => DurationText.Format(duration, culture),
        _ => argument,
    };
}

/// <summary>Writes a <see cref="PortalText"/> as its English string, so API fields keep their shape.</summary>
public sealed class PortalTextJsonConverter : JsonConverter<PortalText>
{
    public override PortalText Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Portal texts are written, never read.");

    public override void Write(Utf8JsonWriter writer, PortalText value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(value.ToString());
    }
}
