using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BootstrapPortal.Core.Certificates;

namespace BootstrapPortal.Sandbox.Controllers;

/// <summary>
/// Issues certificates for approved CSRs like kube-controller-manager's <c>authority.Sign</c> with the
/// <c>PermissiveSigningPolicy</c> (k/k pkg/controller/certificates/authority/policies.go): subject and SANs copied from the request, requested extensions dropped,
/// KeyUsage/ExtKeyUsage only from <c>spec.usages</c>, BasicConstraints CA:FALSE, random 128-bit serial, 5-minute backdate,
/// NotAfter capped at the CA's NotAfter. All Kubernetes durations are compressed by the <see cref="SandboxTimeScale"/>.
/// </summary>
public sealed class CsrCertificateIssuer
{
    /// <summary>The signer's backdate (KCM: 5 min).</summary>
    public static readonly TimeSpan Backdate = TimeSpan.FromMinutes(5);

    /// <summary>TTLs below this are "short" and their NotAfter is not backdated (KCM: 8 h).</summary>
    public static readonly TimeSpan ShortLifetime = TimeSpan.FromHours(8);

    private readonly X509Certificate2 _ca;
    private readonly SandboxTimeScale _clock;
    private readonly X509SignatureGenerator _generator;
    private readonly Lock _signing = new();
    private readonly X509AuthorityKeyIdentifierExtension? _authorityKeyIdentifier;

    /// <param name="caCertificate">The cluster CA, with its private key (ECDSA or RSA).</param>
    /// <param name="clock">Sandbox clock.</param>
    public CsrCertificateIssuer(X509Certificate2 caCertificate, SandboxTimeScale clock)
    {
        ArgumentNullException.ThrowIfNull(caCertificate);
        if (!caCertificate.HasPrivateKey)
        {
            throw new ArgumentException("The CA certificate must carry its private key.", nameof(caCertificate));
        }

        _ca = caCertificate;
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _generator = CreateSignatureGenerator(caCertificate);
        _authorityKeyIdentifier = caCertificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Any()
            ? X509AuthorityKeyIdentifierExtension.CreateFromCertificate(caCertificate, true, false)
            : null;
    }

    /// <summary>The CA certificate (PEM).</summary>
    public string CaCertificatePem => _ca.ExportCertificatePem();

    /// <summary>KCM's TTL rule: the signing duration, or <c>expirationSeconds</c> if shorter, never below 10 minutes.</summary>
    public static TimeSpan EffectiveTtl(TimeSpan signingDuration, int? expirationSeconds)
    {
        if (expirationSeconds is not { } seconds)
        {
            return signingDuration;
        }

        var requested = TimeSpan.FromSeconds(seconds);
        var min = TimeSpan.FromMinutes(10);
        return requested > signingDuration ? signingDuration : requested < min ? min : requested;
    }

    /// <summary>Issues a certificate; returns its PEM (one CERTIFICATE block, no chain).</summary>
    /// <param name="request">The parsed, verified request.</param>
    /// <param name="usages">The CSR's <c>spec.usages</c>.</param>
    /// <param name="ttl">Kubernetes-time TTL (see <see cref="EffectiveTtl"/>); scaled by the clock speed here.</param>
    public string Issue(CertificateRequestFacts request, IEnumerable<string> usages, TimeSpan ttl)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _clock.UtcNow;
        var caNotAfter = new DateTimeOffset(_ca.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        if (now >= caNotAfter)
        {
            throw new InvalidOperationException("the signer has expired: NotAfter=" + caNotAfter.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        }

        var (notBefore, notAfter) = Validity(now, ttl, _clock);
        return IssueWithValidity(request, usages, notBefore, notAfter);
    }

    /// <summary>
    /// The validity of a certificate issued at <paramref name="issued"/> with <paramref name="ttl"/> (Kubernetes time): backdated by
    /// 5 minutes, and NotAfter not backdated for short lifetimes (k/k pkg/controller/certificates/authority/authority.go).
    /// </summary>
    public static (DateTimeOffset NotBefore, DateTimeOffset NotAfter) Validity(DateTimeOffset issued, TimeSpan ttl, SandboxTimeScale clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return (issued - clock.Scale(Backdate), issued + clock.Scale(ttl < ShortLifetime ? ttl : ttl - Backdate));
    }

    /// <summary>
    /// Issues with an explicit validity window (used to seed demo state, e.g. a node that joined long ago); NotAfter is
    /// capped at the CA's NotAfter.
    /// </summary>
    public string IssueWithValidity(CertificateRequestFacts request, IEnumerable<string> usages, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var certificate = IssueCertificate(request, usages, notBefore, notAfter);
        return certificate.ExportCertificatePem() + "\n";
    }

    /// <summary>As <see cref="IssueWithValidity"/>, returning the certificate itself (the caller disposes it).</summary>
    internal X509Certificate2 IssueCertificate(CertificateRequestFacts request, IEnumerable<string> usages, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!KubernetesKeyUsages.TryMap(usages, out var keyUsage, out var extendedKeyUsages, out var usageError))
        {
            throw new InvalidOperationException(usageError);
        }

        var caNotAfter = new DateTimeOffset(_ca.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        if (notAfter >= caNotAfter)
        {
            notAfter = caNotAfter;
        }

        var publicKey = PublicKey.CreateFromSubjectPublicKeyInfo(request.SubjectPublicKeyInfoDer.Span, out _);
        var subject = new X500DistinguishedName(request.SubjectDer.Span);
        var template = new CertificateRequest(subject, publicKey, HashAlgorithmName.SHA256);
        template.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        if (keyUsage != X509KeyUsageFlags.None)
        {
            template.CertificateExtensions.Add(new X509KeyUsageExtension(keyUsage, true));
        }

        if (extendedKeyUsages.Count > 0)
        {
            var oids = new OidCollection();
            foreach (var oid in extendedKeyUsages)
            {
                oids.Add(oid);
            }

            template.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        }

        if (request.DnsNames.Count + request.IpAddresses.Count + request.EmailAddresses.Count + request.Uris.Count > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var dns in request.DnsNames)
            {
                san.AddDnsName(dns);
            }

            foreach (var email in request.EmailAddresses)
            {
                san.AddEmailAddress(email);
            }

            foreach (var ip in request.IpAddresses)
            {
                san.AddIpAddress(IPAddress.Parse(ip));
            }

            foreach (var uri in request.Uris)
            {
                san.AddUri(new Uri(uri, UriKind.Absolute));
            }

            template.CertificateExtensions.Add(san.Build(false));
        }

        if (_authorityKeyIdentifier is not null)
        {
            template.CertificateExtensions.Add(_authorityKeyIdentifier);
        }

        lock (_signing)
        {
            return template.Create(_ca.SubjectName, _generator, notBefore, notAfter, NewSerial());
        }
    }

    private static X509SignatureGenerator CreateSignatureGenerator(X509Certificate2 ca)
    {
        // The key objects live as long as this issuer (one per sandbox).
        var ecdsa = ca.GetECDsaPrivateKey();
        if (ecdsa is not null)
        {
            return X509SignatureGenerator.CreateForECDsa(ecdsa);
        }

        var rsa = ca.GetRSAPrivateKey() ?? throw new InvalidOperationException("The CA key must be ECDSA or RSA.");
        return X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1);
    }

    private static byte[] NewSerial()
    {
        // Go: serial uniformly random in [0, 2^128); DER INTEGER content must stay positive.
        var random = RandomNumberGenerator.GetBytes(16);
        return (random[0] & 0x80) != 0 ? [0, .. random] : random;
    }
}
