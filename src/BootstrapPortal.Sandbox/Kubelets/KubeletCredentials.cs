using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;

namespace BootstrapPortal.Sandbox.Kubelets;

/// <summary>
/// A kubelet's current client certificate and key (what <c>kubelet-client-current.pem</c> holds) and the client configuration
/// that authenticates with them.
/// </summary>
public sealed class KubeletCredentials
{
    public KubeletCredentials(string certificatePem, string privateKeyPem)
    {
        CertificatePem = certificatePem ?? throw new ArgumentNullException(nameof(certificatePem));
        PrivateKeyPem = privateKeyPem ?? throw new ArgumentNullException(nameof(privateKeyPem));
        using var certificate = X509Certificate2.CreateFromPem(certificatePem);
        NotBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        NotAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        Subject = certificate.Subject;
        SerialNumber = certificate.SerialNumber;
    }

    public string CertificatePem { get; }

    internal string PrivateKeyPem { get; }

    public DateTimeOffset NotBefore { get; }

    public DateTimeOffset NotAfter { get; }

    public string Subject { get; }

    public string SerialNumber { get; }

    /// <summary>
    /// client-go's <c>nextRotationDeadline</c>: NotBefore + a uniformly random 70–90 % of the lifetime
    /// (<c>wait.Jitter(d, 0.2) − 0.3·d</c>).
    /// </summary>
    public DateTimeOffset NextRotationDeadline()
    {
        var lifetime = NotAfter - NotBefore;
        var fraction = 0.7 + (0.2 * RandomNumberGenerator.GetInt32(0, 1_000_000) / 1_000_000.0);
        return NotBefore + (lifetime * fraction);
    }

    /// <summary>A client configuration against <paramref name="server"/> authenticating with this certificate.</summary>
    public KubernetesClientConfiguration CreateClientConfiguration(string server, X509Certificate2Collection? caCertificates) => new()
    {
        Host = server,
        SslCaCerts = caCertificates,
        ClientCertificateData = Convert.ToBase64String(Encoding.ASCII.GetBytes(CertificatePem)),
        ClientCertificateKeyData = Convert.ToBase64String(Encoding.ASCII.GetBytes(PrivateKeyPem)),
    };
}
