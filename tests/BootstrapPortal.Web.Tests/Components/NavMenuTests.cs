using BootstrapPortal.Web.Components.Layout;
using Bunit;

namespace BootstrapPortal.Web.Tests.Components;

public class NavMenuTests
{
    [Fact]
    public async Task Lists_every_section()
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = ctx.Render<NavMenu>();
        var links = cut.FindAll("a").Select(a => (a.GetAttribute("href"), a.TextContent.Trim())).ToArray();
        Assert.Equal(
            ["", "flow", "tokens", "csrs", "policy/serving", "nodes", "rbac", "kubeconfigs"],
            links.Select(l => l.Item1 ?? "<missing>").ToArray());
        Assert.Contains(links, l => l.Item2.StartsWith("Certificate requests", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Shows_the_pending_count_only_when_there_is_one()
    {
        await using var ctx = ComponentTestContext.Create();
        var none = ctx.Render<NavMenu>(p => p.Add(m => m.PendingCsrs, 0));
        Assert.Empty(none.FindAll("[data-testid=pending-csr-count]"));
        var three = ctx.Render<NavMenu>(p => p.Add(m => m.PendingCsrs, 3));
        Assert.Equal("3", three.Find("[data-testid=pending-csr-count]").TextContent.Trim());
    }
}
