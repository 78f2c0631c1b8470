using System.Text.Encodings.Web;
using System.Text.Unicode;
using BootstrapPortal.Web.Localization;
using Microsoft.AspNetCore.Localization;
using MudBlazor;

namespace BootstrapPortal.Web.Hosting;

/// <summary>The console's languages: resources, the culture of each request (and so of each circuit), MudBlazor's strings.</summary>
public static class PortalLocalizationExtensions
{
    public static IServiceCollection AddPortalLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        // Pages are sent as UTF-8: Chinese text goes out as characters, not as numeric character references (the encoder
        // still escapes what HTML requires).
        services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddTransient<MudLocalizer, PortalMudLocalizer>();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.SetDefaultCulture(PortalCultures.English)
                .AddSupportedCultures([.. PortalCultures.Supported])
                .AddSupportedUICultures([.. PortalCultures.Supported]);
            options.FallBackToParentCultures = false;
            options.FallBackToParentUICultures = false;
            // The switcher's cookie first, then the browser's languages; never the query string (a link must not pick the
            // language of someone else's session).
            options.RequestCultureProviders =
            [
                new CookieRequestCultureProvider { CookieName = PortalCultures.CookieName },
                new AcceptLanguageCultureProvider(),
            ];
        });
        return services;
    }

    /// <summary>
    /// Sets the culture of every request. A Blazor circuit keeps the culture of the request that opened its connection, so
    /// this runs before the endpoints, the circuit hub among them.
    /// </summary>
    public static IApplicationBuilder UsePortalLocalization(this IApplicationBuilder app) => app.UseRequestLocalization();
}
