using BootstrapPortal.Web.Components.Layout;
using BootstrapPortal.Web.Hosting;
using BootstrapPortal.Web.Security;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace BootstrapPortal.Web.Tests.Components;

public sealed class LocalModeBannerTests
{
    private static BunitContext Create(bool loginConfigured, bool allowRemote)
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddPortalLocalization();
        ctx.Services.AddSingleton(new PortalSecurityMode(loginConfigured));
        ctx.Services.AddSingleton(Options.Create(new SecurityOptions { AllowRemoteAnonymous = allowRemote }));
        return ctx;
    }

    [Fact]
    public async Task Local_mode_says_so_and_that_only_this_machine_is_served()
    {
        await using var ctx = Create(loginConfigured: false, allowRemote: false);
        var cut = ctx.Render<LocalModeBanner>();
        var banner = cut.Find("[data-testid=local-mode-banner]");
        Assert.Equal("false", banner.GetAttribute("data-remote"));
        Assert.Contains("only this machine", banner.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remote_anonymous_access_is_an_error_coloured_warning()
    {
        await using var ctx = Create(loginConfigured: false, allowRemote: true);
        var cut = ctx.Render<LocalModeBanner>();
        var banner = cut.Find("[data-testid=local-mode-banner]");
        Assert.Equal("true", banner.GetAttribute("data-remote"));
        Assert.Contains("mud-alert-filled-error", banner.ClassName, StringComparison.Ordinal);
        Assert.Contains("anyone who", banner.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_login_there_is_no_banner()
    {
        await using var ctx = Create(loginConfigured: true, allowRemote: false);
        var cut = ctx.Render<LocalModeBanner>();
        Assert.Empty(cut.FindAll("[data-testid=local-mode-banner]"));
    }

    [Fact]
    public async Task The_layout_shows_the_banner()
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = ctx.Render<MainLayout>(p => p.Add(l => l.Body, (Microsoft.AspNetCore.Components.RenderFragment)(b => b.AddMarkupContent(0, "x"))));
        await Task.Yield();
        Assert.NotNull(cut.Find("[data-testid=local-mode-banner]"));
    }
}
