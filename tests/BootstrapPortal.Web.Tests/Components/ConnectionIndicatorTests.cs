using BootstrapPortal.Core.Cluster;
using BootstrapPortal.Web.Components.Shared;
using Bunit;

namespace BootstrapPortal.Web.Tests.Components;

public class ConnectionIndicatorTests
{
    [Theory]
    [InlineData(ConnectionState.Connecting, "connecting")]
    [InlineData(ConnectionState.Connected, "connected")]
    [InlineData(ConnectionState.Degraded, "degraded")]
    [InlineData(ConnectionState.Disconnected, "disconnected")]
    public async Task Shows_cluster_name_and_state(ConnectionState state, string word)
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = ctx.Render<ConnectionIndicator>(p => p
            .Add(c => c.ClusterName, "prod-eu")
            .Add(c => c.ServerUrl, "https://10.0.0.10:6443")
            .Add(c => c.Summary, new ConnectionSummary(state, "detail")));
        var chip = cut.Find("[data-testid=connection-state]");
        Assert.Equal(state.ToString(), chip.GetAttribute("data-state"));
        Assert.Contains($"prod-eu · {word}", chip.TextContent, StringComparison.Ordinal);
    }
}
