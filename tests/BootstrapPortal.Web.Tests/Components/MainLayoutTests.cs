using BootstrapPortal.Web.Components.Layout;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace BootstrapPortal.Web.Tests.Components;

public class MainLayoutTests
{
    [Fact]
    public async Task Renders_shell_with_cluster_name_and_body()
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = ctx.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddMarkupContent(0, "<p id=body>page</p>"))));
        Assert.Contains("test-cluster", cut.Find("[data-testid=connection-state]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("#body"));
        Assert.Equal(9, cut.FindAll("nav a, .mud-nav-link").Count(e => e.TagName == "A"));

        // A skip link comes first and points at the main content, which can take the focus.
        var skip = cut.Find("a.bp-skip-link");
        Assert.Equal("#main-content", skip.GetAttribute("href"));
        Assert.Equal("-1", cut.Find("#main-content").GetAttribute("tabindex"));
    }

    [Fact]
    public async Task Dark_mode_choice_is_stored_in_the_browser()
    {
        await using var ctx = ComponentTestContext.Create();
        ctx.JSInterop.Setup<string?>("bootstrapPortal.theme.get").SetResult("dark");
        ctx.JSInterop.SetupVoid("bootstrapPortal.theme.set", _ => true);
        ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var cut = ctx.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddMarkupContent(0, "x"))));
        cut.WaitForAssertion(() => Assert.Equal("dark", cut.Find("#circuit-state").GetAttribute("data-theme")));

        cut.Find("[data-testid=theme-toggle]").Click();

        Assert.Equal("light", cut.Find("#circuit-state").GetAttribute("data-theme"));
        var stored = ctx.JSInterop.VerifyInvoke("bootstrapPortal.theme.set");
        Assert.Equal("light", stored.Arguments[0]);
    }

    [Fact]
    public async Task A_failing_page_is_contained_by_the_error_boundary()
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = ctx.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b =>
        {
            b.OpenComponent<Thrower>(0);
            b.CloseComponent();
        })));
        Assert.Contains("boom from a page", cut.Find("[data-testid=page-error]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=connection-state]"));
    }

    private sealed class Thrower : ComponentBase
    {
        protected override void OnInitialized() => throw new InvalidOperationException("boom from a page");
    }
}
