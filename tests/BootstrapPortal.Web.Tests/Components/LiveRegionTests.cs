using BootstrapPortal.Web.Components.Shared;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Web.Tests.Components;

/// <summary>The layout's polite live region says each announced outcome, and a repeated one again.</summary>
public class LiveRegionTests
{
    [Fact]
    public async Task An_announcement_appears_in_the_polite_region_and_a_repeat_still_changes_it()
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = ctx.Render<LiveRegion>();
        var region = cut.Find("[data-testid=live-result]");
        Assert.Equal("polite", region.GetAttribute("aria-live"));
        Assert.Equal("status", region.GetAttribute("role"));
        Assert.Equal(string.Empty, region.TextContent);

        var announcer = ctx.Services.GetRequiredService<LiveAnnouncer>();
        announcer.Announce("Token abc123 deleted.");
        cut.WaitForAssertion(() => Assert.Equal("Token abc123 deleted.", cut.Find("[data-testid=live-result]").TextContent));

        // The same sentence again (a second token of that id is unlikely, a second failure is not): the text changes.
        var before = cut.Find("[data-testid=live-result]").TextContent;
        announcer.Announce("Token abc123 deleted.");
        cut.WaitForAssertion(() => Assert.NotEqual(before, cut.Find("[data-testid=live-result]").TextContent));
        Assert.Equal("Token abc123 deleted.", cut.Find("[data-testid=live-result]").TextContent.TrimEnd('\u00A0'));
        Assert.Equal("2", cut.Find("[data-testid=live-result]").GetAttribute("data-sequence"));
    }
}
