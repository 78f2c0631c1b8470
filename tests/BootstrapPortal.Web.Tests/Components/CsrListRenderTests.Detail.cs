using BootstrapPortal.Core.Objects;
using BootstrapPortal.Web.Components.Pages;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Web.Tests.Components;

/// <summary>The CSR detail page over the same fleet: every cache change reaches it, and it renders only for its own request.</summary>
public sealed partial class CsrListRenderTests
{
    [Fact]
    public async Task The_detail_page_looks_at_every_change_and_renders_again_only_when_its_own_request_changed()
    {
        await using var ctx = Context(services => services.AddSingleton(new ObjectEventsService(fleet.Client)));
        var entries = fleet.Catalog.Snapshot.Entries;
        var name = entries[entries.Count / 3].Name;
        var other = entries[(entries.Count / 3) + 1].Name;
        var cut = ctx.Render<CertificateRequestDetail>(p => p.Add(x => x.Name, name));
        Assert.Contains(name, cut.Markup, StringComparison.Ordinal);
        var before = cut.Instance.Renders;

        var looked = cut.Instance.Refreshes;
        await fleet.RelabelAsync(other, "detail-elsewhere-" + Guid.NewGuid().ToString("N")[..8]);
        await UntilAsync(() => cut.Instance.Refreshes > looked, "the detail page looked at another request's change");
        Assert.Equal(before, cut.Instance.Renders);

        looked = cut.Instance.Refreshes;
        await fleet.RelabelAsync(name, "detail-own-" + Guid.NewGuid().ToString("N")[..8]);
        await UntilAsync(() => cut.Instance.Renders > before, "the detail page rendered its own request's change");
        Assert.True(cut.Instance.Refreshes > looked);
        Assert.Equal(before + 1, cut.Instance.Renders);
    }

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, what);
            await Task.Delay(20);
        }
    }
}
