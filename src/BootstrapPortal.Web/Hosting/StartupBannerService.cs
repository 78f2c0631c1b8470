using BootstrapPortal.Core.Cluster;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Web.Hosting;

/// <summary>Writes the <see cref="StartupBanner"/> once the portal listens (registered in Development only).</summary>
public sealed partial class StartupBannerService(
    IHostApplicationLifetime lifetime,
    IServer server,
    IServiceProvider services,
    IOptions<KubernetesConnectionOptions> connection,
    StartupConsole console,
    ILogger<StartupBannerService> logger) : IHostedService
{
    private CancellationTokenRegistration _started;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _started = lifetime.ApplicationStarted.Register(Write);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _started.Dispose();
        return Task.CompletedTask;
    }

    private void Write()
    {
        try
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var endpoint = services.GetService<ClusterEndpoint>();
            var kubeconfig = connection.Value.Mode == KubernetesMode.Sandbox ? services.GetService<SandboxClusterHost>()?.Cluster.KubeconfigPath : null;
            console.Output.Write(StartupBanner.Build(addresses, endpoint?.DisplayName ?? string.Empty, kubeconfig));
            console.Output.Flush();
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or ObjectDisposedException)
        {
            LogBannerFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The start-up banner could not be written")]
    private static partial void LogBannerFailed(ILogger logger, Exception exception);
}
