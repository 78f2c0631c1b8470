using Microsoft.AspNetCore.Localization;
using Microsoft.Net.Http.Headers;

namespace BootstrapPortal.Web.Localization;

/// <summary>
/// The browser's <c>Accept-Language</c>, best quality first, with regional tags mapped onto the supported cultures
/// (<c>zh-CN</c> is Simplified Chinese), which the framework's provider does not do for a tag such as <c>zh</c>.
/// </summary>
public sealed class AcceptLanguageCultureProvider : RequestCultureProvider
{
    /// <summary>More entries than any browser sends; the rest of a longer header is ignored.</summary>
    private const int MaxEntries = 10;

    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        IList<StringWithQualityHeaderValue> languages;
        try
        {
            languages = httpContext.Request.GetTypedHeaders().AcceptLanguage;
        }
        catch (FormatException)
        {
            return NullProviderCultureResult;
        }

        var culture = languages
            .Take(MaxEntries)
            .Where(l => (l.Quality ?? 1) > 0)
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => PortalCultures.Match(l.Value.Value))
            .FirstOrDefault(c => c is not null);
        return culture is null ? NullProviderCultureResult : Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(culture));
    }
}
