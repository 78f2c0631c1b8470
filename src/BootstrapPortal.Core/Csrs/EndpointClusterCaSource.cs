using System.Text;
using BootstrapPortal.Core.Cluster;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// Reads the CA the portal's own Kubernetes connection trusts (<c>SslCaCerts</c> of the <see cref="ClusterEndpoint"/>). The
/// endpoint is resolved on first use, because in sandbox mode it exists only once the sandbox host has started.
/// </summary>
public sealed class EndpointClusterCaSource : IClusterCaSource
{
    private readonly Lazy<string?> _pem;

    public EndpointClusterCaSource(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _pem = new Lazy<string?>(() => FromEndpoint(services.GetService<ClusterEndpoint>()), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string? GetCaPem() => _pem.Value;

    /// <summary>The PEM of the endpoint's trusted CA certificates; null when it has none.</summary>
    public static string? FromEndpoint(ClusterEndpoint? endpoint)
    {
        var certificates = endpoint?.Configuration.SslCaCerts;
        if (certificates is null || certificates.Count == 0)
        {
            return null;
        }

        var pem = new StringBuilder();
        foreach (var certificate in certificates)
        {
            pem.Append(certificate.ExportCertificatePem()).Append('\n');
        }

        return pem.ToString();
    }
}
