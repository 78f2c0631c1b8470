using BootstrapPortal.Core.Cluster;
using k8s;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Core.Tests.Cluster;

public sealed class StartedClusterClientTests
{
    [Fact]
    public void A_stopping_host_whose_cluster_never_started_gives_no_client()
    {
        using var services = ProviderWhoseClusterIsNotUp();
        using var stopping = new CancellationTokenSource();
        stopping.Cancel();

        Assert.Null(StartedClusterClient.ResolveUnlessStopping(services, stopping.Token));
    }

    [Fact]
    public void A_running_host_still_reports_a_cluster_that_cannot_be_reached()
    {
        using var services = ProviderWhoseClusterIsNotUp();

        var error = Assert.Throws<InvalidOperationException>(() => StartedClusterClient.ResolveUnlessStopping(services, CancellationToken.None));
        Assert.Contains("not started", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disposed_provider_during_stop_gives_no_client()
    {
        var services = ProviderWhoseClusterIsNotUp();
        services.Dispose();
        using var stopping = new CancellationTokenSource();
        stopping.Cancel();

        Assert.Null(StartedClusterClient.ResolveUnlessStopping(services, stopping.Token));
    }

    private static ServiceProvider ProviderWhoseClusterIsNotUp() => new ServiceCollection()
        .AddSingleton<IKubernetes>(_ => throw new InvalidOperationException("The sandbox cluster has not started."))
        .BuildServiceProvider();
}
