using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace BootstrapPortal.Web.Localization;

/// <summary>
/// The languages of the console: English (the default and the keys of every resource) and Simplified Chinese. The JSON API,
/// the logs and the audit trail stay English whatever the page shows.
/// </summary>
public static class PortalCultures
{
    public const string English = "en";

    public const string SimplifiedChinese = "zh-Hans";

    /// <summary>The cookie the language switcher writes and the request localization reads first.</summary>
    public static readonly string CookieName = CookieRequestCultureProvider.DefaultCookieName;

    /// <summary>How long the language choice is remembered.</summary>
    public static readonly TimeSpan CookieLifetime = TimeSpan.FromDays(365);

    public static IReadOnlyList<string> Supported { get; } = [English, SimplifiedChinese];

    /// <summary>The supported culture a browser's language tag stands for, or null for a language the console does not speak.</summary>
    /// <remarks>
    /// <c>zh</c>, <c>zh-CN</c>, <c>zh-SG</c> and any <c>zh-Hans-*</c> are Simplified Chinese; <c>zh-TW</c>, <c>zh-HK</c> and
    /// <c>zh-Hant</c> are Traditional and are not taken for it. Any <c>en-*</c> is English.
    /// </remarks>
    public static string? Match(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return null;
        }

        var parts = tag.Trim().Split('-', '_');
        if (parts[0].Equals("en", StringComparison.OrdinalIgnoreCase))
        {
            return English;
        }

        if (!parts[0].Equals("zh", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (parts.Length == 1)
        {
            return SimplifiedChinese;
        }

        return parts[1].ToUpperInvariant() switch
        {
            "HANS" or "CN" or "SG" or "MY" => SimplifiedChinese,
            _ => null,
        };
    }

    /// <summary>The value of the culture cookie for one of <see cref="Supported"/>.</summary>
    public static string CookieValue(string culture) => CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture));

    /// <summary>The name the switcher shows for a culture, in that culture's own language.</summary>
    public static string NativeName(string culture) => culture == SimplifiedChinese ? "简体中文" : "English";

    /// <summary>The supported culture the current request or circuit runs in.</summary>
    public static string Current => Match(CultureInfo.CurrentUICulture.Name) ?? English;
}
