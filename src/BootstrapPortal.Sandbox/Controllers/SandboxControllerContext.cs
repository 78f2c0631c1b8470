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

    public IKubernetes CreateClient(ControllerIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return new Kubernetes(CreateClientConfiguration(identity.UserName, identity.Groups));
    }
}
