using BootstrapPortal.Web.Localization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;

namespace BootstrapPortal.Web.Tests.Localization;

/// <summary>Which language a browser gets: the supported cultures, the regional tags mapped onto them, the header's order.</summary>
public sealed class PortalCulturesTests
{
    [Theory]
    [InlineData("en", "en")]
    [InlineData("en-US", "en")]
    [InlineData("EN-gb", "en")]
    [InlineData("zh", "zh-Hans")]
    [InlineData("zh-CN", "zh-Hans")]
    [InlineData("zh-SG", "zh-Hans")]
    [InlineData("zh-Hans", "zh-Hans")]
    [InlineData("zh-Hans-CN", "zh-Hans")]
    [InlineData("zh_CN", "zh-Hans")]
    [InlineData("zh-TW", null)]
    [InlineData("zh-HK", null)]
    [InlineData("zh-Hant", null)]
    [InlineData("fr-FR", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    [InlineData("*", null)]
    public void Browser_languages_map_onto_the_supported_cultures(string? tag, string? expected) =>
        Assert.Equal(expected, PortalCultures.Match(tag));

    [Theory]
    [InlineData("zh-CN,zh;q=0.9,en;q=0.8", "zh-Hans")]
    [InlineData("en-US,en;q=0.9,zh-CN;q=0.8", "en")]
    [InlineData("fr-FR,zh;q=0.5", "zh-Hans")]
    [InlineData("en;q=0.1,zh-SG;q=0.7", "zh-Hans")]
    [InlineData("zh-TW,zh-HK;q=0.9", null)]
    [InlineData("zh-CN;q=0", null)]
    [InlineData("de-DE", null)]
    [InlineData(";;;q=x,,", null)]
    public async Task Accept_language_takes_the_best_supported_entry(string header, string? expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.AcceptLanguage = header;
        var result = await new AcceptLanguageCultureProvider().DetermineProviderCultureResult(context);
        Assert.Equal(expected, result?.UICultures.Single().Value);
    }

    [Fact]
    public void The_cookie_is_the_framework_s_culture_cookie()
    {
        Assert.Equal(".AspNetCore.Culture", PortalCultures.CookieName);
        Assert.Equal("c=zh-Hans|uic=zh-Hans", PortalCultures.CookieValue(PortalCultures.SimplifiedChinese));
        var parsed = CookieRequestCultureProvider.ParseCookieValue(PortalCultures.CookieValue(PortalCultures.SimplifiedChinese));
        Assert.Equal("zh-Hans", parsed!.UICultures.Single().Value);
        Assert.Equal("简体中文", PortalCultures.NativeName(PortalCultures.SimplifiedChinese));
        Assert.Equal("English", PortalCultures.NativeName(PortalCultures.English));
    }
}
