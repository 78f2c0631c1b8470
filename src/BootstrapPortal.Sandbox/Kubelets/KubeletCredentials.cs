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
        (NotBefore, NotAfter, Subject, SerialNumber) = Describe(certificate);
    }

    /// <summary>From a certificate already parsed (the fleet's preload makes thousands; parsing each PEM again would dominate).</summary>
    internal KubeletCredentials(X509Certificate2 certificate, string certificatePem, string privateKeyPem)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        CertificatePem = certificatePem ?? throw new ArgumentNullException(nameof(certificatePem));
        PrivateKeyPem = privateKeyPem ?? throw new ArgumentNullException(nameof(privateKeyPem));
        (NotBefore, NotAfter, Subject, SerialNumber) = Describe(certificate);
    }

    private static (DateTimeOffset NotBefore, DateTimeOffset NotAfter, string Subject, string SerialNumber) Describe(X509Certificate2 certificate) =>
        (new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero), new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero),
            certificate.Subject, certificate.SerialNumber);

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
