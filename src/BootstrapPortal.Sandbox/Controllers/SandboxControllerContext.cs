using k8s;
using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Sandbox.Controllers;

/// <summary>What the controllers and simulated kubelets need from the running sandbox.</summary>
public sealed class SandboxControllerContext
{
    /// <summary>Builds a client configuration that authenticates with a client certificate for the given identity.</summary>
    public required Func<string, IReadOnlyList<string>, KubernetesClientConfiguration> CreateClientConfiguration { get; init; }

    /// <summary>Admin (system:masters) client configuration.</summary>
    public required Func<KubernetesClientConfiguration> CreateAdminConfiguration { get; init; }

    /// <summary>Issues certificates for approved CSRs with the sandbox cluster CA.</summary>
    public required CsrCertificateIssuer Issuer { get; init; }

    public required SandboxOptions Options { get; init; }

    public required SandboxTimeScale Clock { get; init; }

    public required ILoggerFactory LoggerFactory { get; init; }

    /// <summary>API server URL.</summary>
    public required Uri ServerUri { get; init; }

    /// <summary>Cluster CA certificate (PEM).</summary>
    public required string CaCertificatePem { get; init; }

    /// <summary>The context for controllers of <paramref name="cluster"/>, with client certificates from its CA.</summary>
    public static SandboxControllerContext For(SandboxCluster cluster, SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(options);
        var clock = new SandboxTimeScale(options.ClockSpeed, TimeProvider.System);
        return new SandboxControllerContext
        {
            CreateClientConfiguration = (user, groups) => cluster.CreateClientConfiguration(user, [.. groups]),
            CreateAdminConfiguration = cluster.CreateAdminConfiguration,
            Issuer = new CsrCertificateIssuer(cluster.CertificateAuthority.CertificateWithKey, clock),
            Options = options,
            Clock = clock,
            LoggerFactory = cluster.LoggerFactory,
            ServerUri = cluster.ServerUri,
            CaCertificatePem = cluster.CaCertificatePem,
        };
    }

    public IKubernetes CreateClient(ControllerIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return new Kubernetes(CreateClientConfiguration(identity.UserName, identity.Groups));
    }
}
