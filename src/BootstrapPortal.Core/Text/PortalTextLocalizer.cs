using System.Globalization;
using System.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BootstrapPortal.Core.Text;

/// <summary>
/// Renders <see cref="PortalText"/> in a reader's language: each format is looked up by its English text in Core's
/// <c>Text/CoreTexts.*.resx</c> through an <see cref="IStringLocalizer"/> (a missing entry falls back to English), and
/// arguments are rendered the same way. One singleton serves every session; the culture is the caller's
/// <see cref="CultureInfo.CurrentUICulture"/> (a Blazor circuit's or a request's) unless one is given.
/// The resources are found by their own base name, whatever <c>LocalizationOptions.ResourcesPath</c> the Web sets.
/// </summary>
public sealed class PortalTextLocalizer
{
    /// <summary>The manifest base name of Core's text resources.</summary>
    public const string BaseName = "BootstrapPortal.Core.Text.CoreTexts";

    private readonly ResourceManager _resources;

    public PortalTextLocalizer()
        : this(NullLoggerFactory.Instance)
    {
    }

    public PortalTextLocalizer(ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var assembly = typeof(PortalTextLocalizer).Assembly;
        _resources = new ResourceManager(BaseName, assembly);
        Localizer = new ResourceManagerStringLocalizer(_resources, assembly, BaseName, new ResourceNamesCache(),
            loggerFactory.CreateLogger<ResourceManagerStringLocalizer>());
    }

    /// <summary>The localizer over Core's texts for the current UI culture; keys are the English formats.</summary>
    public IStringLocalizer Localizer { get; }

    /// <summary><paramref name="text"/> in the current UI culture, each format looked up through <see cref="Localizer"/>.</summary>
    public string Localize(PortalText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var culture = CultureInfo.CurrentUICulture;
        if (IsEnglish(culture))
        {
            return text.ToString();
        }

        return text.Render(format => Localizer[format.English] is { ResourceNotFound: false, Value: { Length: > 0 } value } ? value : null, culture);
    }

    /// <summary><paramref name="text"/> in <paramref name="culture"/>.</summary>
    public string Localize(PortalText text, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(culture);
        return text.Render(format => Translate(format, culture), culture);
    }

    /// <summary>The translated format of <paramref name="format"/> in <paramref name="culture"/>; null when there is none.</summary>
    public string? Translate(TextFormat format, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(culture);
        if (IsEnglish(culture))
        {
            return null;
        }

        var translated = _resources.GetString(format.English, culture);
        return string.IsNullOrEmpty(translated) ? null : translated;
    }

    /// <summary>English is the formats themselves; the invariant culture reads English too.</summary>
    private static bool IsEnglish(CultureInfo culture) =>
        culture.Equals(CultureInfo.InvariantCulture) || string.Equals(culture.TwoLetterISOLanguageName, "en", StringComparison.Ordinal);
}
