using k8s;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Core.Cluster;

/// <summary>
/// Resolves the Kubernetes client for a background service. In sandbox mode the client exists only once the sandbox host
/// has started; a host stopped during start-up (a refused configuration, a test host disposed at once) may never get
/// there, and the service then has nothing to do rather than a failure to report.
/// </summary>
public static class StartedClusterClient
{
    /// <summary>The client, or null when the host is already stopping and the client cannot be made any more.</summary>
    public static IKubernetes? ResolveUnlessStopping(IServiceProvider services, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        try
        {
            return services.GetRequiredService<IKubernetes>();
        }
        catch (Exception ex) when (stoppingToken.IsCancellationRequested && ex is ObjectDisposedException or InvalidOperationException)
        {
            return null;
        }
    }
}
