using System.Globalization;
using System.Net;
using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Core.Text;
using BootstrapPortal.Core.Tokens;
using BootstrapPortal.Web.Components.Csrs;
using BootstrapPortal.Web.Components.Rbac;
using BootstrapPortal.Web.Components.Shared;
using BootstrapPortal.Web.Components.Tokens;
using BootstrapPortal.Web.Localization;
using BootstrapPortal.Web.Resources;
using BootstrapPortal.Web.Tests.Components;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace BootstrapPortal.Web.Tests.Localization;

/// <summary>
/// Every page of the real portal (prerendered on the sandbox, as a browser first receives it) and every dialog (bUnit) rendered
/// in Simplified Chinese through the recording localizer factory: a string without a translation fails the test by name.
/// </summary>
public sealed class MissingTranslationTests(LocalizedPortalFixture fixture) : IClassFixture<LocalizedPortalFixture>
{
    private const string ChineseCookie = ".AspNetCore.Culture=c%3Dzh-Hans%7Cuic%3Dzh-Hans";

    [Fact]
    public async Task Every_page_rendered_in_chinese_finds_every_string_it_asks_for()
    {
        await fixture.WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
        var (csr, node, binding) = await fixture.Server.SampleObjectsAsync();
        string[] pages =
        [
            "/", "/csrs", "/csrs/" + Uri.EscapeDataString(csr), "/csrs/no-such-request", "/tokens", "/kubeconfigs", "/nodes",
            "/nodes/" + Uri.EscapeDataString(node), "/flow", "/flow?blocked=true", "/rbac", RbacLinks.Href("ClusterRoleBinding", null, binding),
            RbacLinks.Href("ClusterRole", null, "no-such-role"), "/policy/serving", "/audit", "/not-found",
        ];

        foreach (var page in pages)
        {
            var html = await GetAsync(page, ("Cookie", ChineseCookie));
            Assert.Contains("<html lang=\"zh-Hans\">", html, StringComparison.Ordinal);
        }

        Assert.True(fixture.Recorder.Found > 300, $"only {fixture.Recorder.Found} translated strings were asked for: the pages did not render");
        Assert.True(fixture.Recorder.Missing.Count == 0, "Missing zh-Hans translations:" + Environment.NewLine + string.Join(Environment.NewLine, fixture.Recorder.Missing));
    }

    [Theory]
    [InlineData("zh-CN,zh;q=0.9,en;q=0.8", "zh-Hans", "概览")]
    [InlineData("zh", "zh-Hans", "概览")]
    [InlineData("en-US,en;q=0.9", "en", "Overview")]
    [InlineData("fr-FR", "en", "Overview")]
    public async Task Accept_language_picks_the_language_without_a_cookie(string acceptLanguage, string lang, string heading)
    {
        await fixture.WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
        var html = await GetAsync("/", ("Accept-Language", acceptLanguage));
        Assert.Contains($"<html lang=\"{lang}\">", html, StringComparison.Ordinal);
        Assert.Contains(">" + heading + "</h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cookie_wins_over_accept_language()
    {
        await fixture.WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
        var english = await GetAsync("/", ("Accept-Language", "zh-CN"), ("Cookie", ".AspNetCore.Culture=c%3Den%7Cuic%3Den"));
        Assert.Contains("<html lang=\"en\">", english, StringComparison.Ordinal);
        var chinese = await GetAsync("/", ("Accept-Language", "en-US"), ("Cookie", ChineseCookie));

        // Chinese is sent as characters, not as numeric character references.
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Cookie", ChineseCookie);
        using var response = await fixture.Client.SendAsync(request);
        var raw = await response.Content.ReadAsStringAsync();
        Assert.Contains(">概览</h1>", raw, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"zh-Hans\">", chinese, StringComparison.Ordinal);
        Assert.Contains("简体中文", chinese, StringComparison.Ordinal);
        Assert.Contains("data-culture-switch=\".AspNetCore.Culture\"", chinese, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_dialog_rendered_in_chinese_finds_every_string_it_asks_for()
    {
        var recorder = new RecordingLocalizerFactory();
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(PortalCultures.SimplifiedChinese);
        try
        {
            await fixture.WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
            await using var ctx = ComponentTestContext.Create(services =>
            {
                services.AddSingleton<IStringLocalizerFactory>(recorder);
                services.AddSingleton(fixture.Server.Services.GetRequiredService<IBootstrapTokenService>());
                services.AddSingleton(fixture.Server.Services.GetRequiredService<RbacAuditService>());
                services.AddSingleton(fixture.Server.Services.GetRequiredService<RbacFixService>());
                services.AddScoped<BrowserFiles>();
            });
            var provider = ctx.Render<MudDialogProvider>();
            var dialogs = ctx.Services.GetRequiredService<IDialogService>();
            var tokenText = ctx.Services.GetRequiredService<IStringLocalizer<TokenText>>();
            var token = new BootstrapTokenInfo("abc123", "bootstrap-token-abc123", "for worker-1", DateTimeOffset.UtcNow.AddHours(3), ["authentication"], [], "worker-1", false,
                TokenStatus.Valid, null, null, ["csr-1"], ["worker-1"]);
            var checks = new[] { CsrCheck.Pass("signature", CommonText.Plain("ok")), CsrCheck.Warn("signer", CommonText.Plain("w")), CsrCheck.Fail("common-name", CommonText.Plain("f")) };
            var auto = new AutoApprovalPrediction(false, [], null, null, CommonText.Plain("n/a"));
            CsrEntry Entry(string name, CsrCheck check) => new(new CsrView { Name = name, State = CsrState.Pending }, new CsrVerdict(CsrVerdict.Combine([check]), [check], auto));

            async Task ShowAsync<T>(DialogParameters<T> parameters)
                where T : IComponent
            {
                IDialogReference? reference = null;
                await provider.InvokeAsync(async () => reference = await dialogs.ShowAsync<T>("t", parameters));
                provider.WaitForAssertion(() => Assert.NotEmpty(provider.FindAll(".mud-dialog")));
                await provider.InvokeAsync(() => reference!.Close());
            }

            await ShowAsync(new DialogParameters<ConfirmDialog>
            {
                { d => d.Message, "m" }, { d => d.Consequences, TokenDeleteConfirmation.Consequences(token, tokenText) }, { d => d.ConfirmName, "abc123" },
            });
            await ShowAsync(new DialogParameters<ConfirmDialog> { { d => d.Message, "m" } });
            foreach (var requirement in Enum.GetValues<CsrApprovalRequirement>())
            {
                await ShowAsync(new DialogParameters<ReasonDialog> { { d => d.Requirement, requirement }, { d => d.Problems, ["p"] } });
            }

            await ShowAsync(new DialogParameters<BulkApprovalDialog> { { d => d.Entries, [Entry("a", checks[0]), Entry("b", checks[1]), Entry("c", checks[2])] } });
            await ShowAsync(new DialogParameters<ExtendTokenDialog> { { d => d.Token, token } });
            await ShowAsync(new DialogParameters<ExtendTokenDialog> { { d => d.Token, token with { Expiration = null } } });
            await ShowAsync(new DialogParameters<CreateTokenDialog>());
            await ShowAsync(new DialogParameters<FixBindingsDialog> { { d => d.Request, new BootstrapFixRequest() } });
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
        }

        Assert.True(recorder.Found > 40, $"only {recorder.Found} translated strings were asked for: the dialogs did not render");
        Assert.True(recorder.Missing.Count == 0, "Missing zh-Hans translations:" + Environment.NewLine + string.Join(Environment.NewLine, recorder.Missing));
    }

    private async Task<string> GetAsync(string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path.TrimStart('/').Length == 0 ? "/" : "/" + path.TrimStart('/'), UriKind.Relative));
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await fixture.Client.SendAsync(request);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }
}
