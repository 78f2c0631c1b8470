using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BootstrapPortal.Sandbox;

/// <summary>
/// The sandbox cluster CA (ECDSA P-256, CN <c>kubernetes</c>), generated at start. Issues the API server's serving certificate,
/// client certificates for any identity, and signs certificates for CSRs (used by the csrsigning controller).
/// </summary>
public sealed class SandboxCertificateAuthority : IDisposable
{
    private readonly ECDsa key;
    private readonly X509Certificate2 certificateWithKey;
    private readonly TimeProvider timeProvider;
    private readonly Lock signingLock = new();

    private SandboxCertificateAuthority(ECDsa key, X509Certificate2 certificateWithKey, TimeProvider timeProvider)
    {
        this.key = key;
        this.certificateWithKey = certificateWithKey;
        this.timeProvider = timeProvider;
        Certificate = X509CertificateLoader.LoadCertificate(certificateWithKey.RawData);
        CertificatePem = Certificate.ExportCertificatePem() + "\n";
    }

    /// <summary>The CA certificate with its private key, for the csrsigning controller's issuer (same assembly only).</summary>
    internal X509Certificate2 CertificateWithKey => certificateWithKey;

    /// <summary>The CA certificate (public part only).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificate as PEM (ends with a newline).</summary>
    public string CertificatePem { get; }

    /// <summary>Creates a new CA valid for ten years.</summary>
    public static SandboxCertificateAuthority Create(TimeProvider? timeProvider = null)
    {
        timeProvider ??= TimeProvider.System;
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("CN=kubernetes"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign, critical: true));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = timeProvider.GetUtcNow();
        var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        return new SandboxCertificateAuthority(key, certificate, timeProvider);
    }

    /// <summary>
    /// Signs a certificate for <paramref name="subjectPublicKey"/>. Key usages and extended key usages come only from the
    /// Kubernetes <paramref name="usages"/> strings (k/k pkg/controller/certificates/authority/policies.go); BasicConstraints CA:FALSE; SANs as given.
    /// </summary>
    public X509Certificate2 Sign(PublicKey subjectPublicKey, X500DistinguishedName subject, IEnumerable<string> usages,
        DateTimeOffset notBefore, DateTimeOffset notAfter, IEnumerable<string>? dnsNames = null,
        IEnumerable<IPAddress>? ipAddresses = null, IEnumerable<string>? emailAddresses = null, IEnumerable<Uri>? uris = null)
    {
        ArgumentNullException.ThrowIfNull(subjectPublicKey);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(usages);
        var request = new CertificateRequest(subject, subjectPublicKey, HashAlgorithmName.SHA256);
        AddUsageExtensions(request, usages);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var sans = new SubjectAlternativeNameBuilder();
        var anySan = false;
        foreach (var dns in dnsNames ?? [])
        {
            sans.AddDnsName(dns);
            anySan = true;
        }

        foreach (var ip in ipAddresses ?? [])
        {
            sans.AddIpAddress(ip);
            anySan = true;
        }

        foreach (var email in emailAddresses ?? [])
        {
            sans.AddEmailAddress(email);
            anySan = true;
        }

        foreach (var uri in uris ?? [])
        {
            sans.AddUri(uri);
            anySan = true;
        }

        if (anySan)
        {
            request.CertificateExtensions.Add(sans.Build());
        }

        if (notAfter > Certificate.NotAfter)
        {
            notAfter = Certificate.NotAfter;
        }

        var serial = new byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7F;
        lock (signingLock)
        {
            return request.Create(certificateWithKey, notBefore, notAfter, serial);
        }
    }

    /// <summary>
    /// Signs a PEM PKCS#10 request: verifies its self-signature, copies subject and DNS/IP/email/URI SANs, drops every other
    /// requested extension and takes usages from <paramref name="usages"/> (what the KCM signer does, k/k pkg/controller/certificates/authority/policies.go).
    /// Returns the certificate as one PEM block.
    /// </summary>
    public string SignRequestPem(string csrPem, IEnumerable<string> usages, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var csr = CertificateSigningRequestInfo.Parse(csrPem);
        var certificate = Sign(csr.PublicKey, csr.Subject, usages, notBefore, notAfter, csr.DnsNames, csr.IpAddresses,
            csr.EmailAddresses, csr.Uris);
        return certificate.ExportCertificatePem() + "\n";
    }

    /// <summary>Issues a client certificate (CN = user, one O per group, usage client auth) and returns PEM cert and PKCS#8 key.</summary>
    public (string CertificatePem, string PrivateKeyPem) IssueClientCertificate(string userName, IEnumerable<string> groups, TimeSpan? validity = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        using var clientKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = BuildSubject(userName, groups);
        var now = timeProvider.GetUtcNow();
        using var certificate = Sign(new PublicKey(clientKey), subject, ["digital signature", "client auth"], now.AddMinutes(-5),
            now + (validity ?? TimeSpan.FromDays(365)));
        return (certificate.ExportCertificatePem() + "\n", clientKey.ExportPkcs8PrivateKeyPem() + "\n");
    }

    /// <summary>The API server's serving certificate (with private key) for 127.0.0.1, localhost, kubernetes, kubernetes.default(.svc).</summary>
    internal X509Certificate2 IssueServingCertificate()
    {
        using var servingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = timeProvider.GetUtcNow();
        using var certificate = Sign(new PublicKey(servingKey), new X500DistinguishedName("CN=kube-apiserver"),
            ["digital signature", "key encipherment", "server auth"], now.AddMinutes(-5), now.AddYears(1),
            ["localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"],
            [IPAddress.Loopback]);
        using var withKey = certificate.CopyWithPrivateKey(servingKey);
        // Round-trip through PKCS#12 so that SslStream can use the key on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>
    /// Whether <paramref name="certificate"/> would be accepted by kube-apiserver's x509 authenticator
    /// (k8s.io/apiserver pkg/authentication/request/x509/x509.go): it chains to this CA, is valid now, and may be used for client
    /// authentication (no extended key usage, <c>clientAuth</c> or <c>any</c>, as Go's <c>x509.Verify</c> with
    /// <c>ExtKeyUsageClientAuth</c> requires).
    /// </summary>
    public bool Verifies(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var now = timeProvider.GetUtcNow();
        if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
        {
            return false;
        }

        if (!AllowsClientAuthentication(certificate))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        return chain.Build(certificate);
    }

    private static bool AllowsClientAuthentication(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (extension is null)
        {
            return true;
        }

        foreach (var usage in extension.EnhancedKeyUsages)
        {
            if (usage.Value is "1.3.6.1.5.5.7.3.2" or "2.5.29.37.0")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Subject encoded as one O per group (in order) then CN, like Go's pkix; .NET displays it as <c>CN=…, O=…</c>.</summary>
    public static X500DistinguishedName BuildSubject(string commonName, IEnumerable<string> organizations)
    {
        ArgumentNullException.ThrowIfNull(organizations);
        // The builder encodes RDNs in reverse order of the Add calls; Go's pkix encodes O before CN.
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(commonName);
        foreach (var organization in organizations.Reverse())
        {
            builder.AddOrganizationName(organization);
        }

        return builder.Build();
    }

    public void Dispose()
    {
        certificateWithKey.Dispose();
        Certificate.Dispose();
        key.Dispose();
    }

    private static void AddUsageExtensions(CertificateRequest request, IEnumerable<string> usages)
    {
        var keyUsage = X509KeyUsageFlags.None;
        var eku = new OidCollection();
        foreach (var usage in usages)
        {
            switch (usage)
            {
                case "signing":
                case "digital signature": keyUsage |= X509KeyUsageFlags.DigitalSignature; break;
                case "content commitment": keyUsage |= X509KeyUsageFlags.NonRepudiation; break;
                case "key encipherment": keyUsage |= X509KeyUsageFlags.KeyEncipherment; break;
                case "key agreement": keyUsage |= X509KeyUsageFlags.KeyAgreement; break;
                case "data encipherment": keyUsage |= X509KeyUsageFlags.DataEncipherment; break;
                case "cert sign": keyUsage |= X509KeyUsageFlags.KeyCertSign; break;
                case "crl sign": keyUsage |= X509KeyUsageFlags.CrlSign; break;
                case "encipher only": keyUsage |= X509KeyUsageFlags.EncipherOnly; break;
                case "decipher only": keyUsage |= X509KeyUsageFlags.DecipherOnly; break;
                case "any": eku.Add(new Oid("2.5.29.37.0")); break;
                case "server auth": eku.Add(new Oid("1.3.6.1.5.5.7.3.1")); break;
                case "client auth": eku.Add(new Oid("1.3.6.1.5.5.7.3.2")); break;
                case "code signing": eku.Add(new Oid("1.3.6.1.5.5.7.3.3")); break;
                case "email protection":
                case "s/mime": eku.Add(new Oid("1.3.6.1.5.5.7.3.4")); break;
                case "ipsec end system": eku.Add(new Oid("1.3.6.1.5.5.7.3.5")); break;
                case "ipsec tunnel": eku.Add(new Oid("1.3.6.1.5.5.7.3.6")); break;
                case "ipsec user": eku.Add(new Oid("1.3.6.1.5.5.7.3.7")); break;
                case "timestamping": eku.Add(new Oid("1.3.6.1.5.5.7.3.8")); break;
                case "ocsp signing": eku.Add(new Oid("1.3.6.1.5.5.7.3.9")); break;
                case "microsoft sgc": eku.Add(new Oid("1.3.6.1.4.1.311.10.3.3")); break;
                case "netscape sgc": eku.Add(new Oid("2.16.840.1.113730.4.1")); break;
                default: throw new ArgumentException($"unknown usage: {usage}", nameof(usages));
            }
        }

        if (keyUsage != X509KeyUsageFlags.None)
        {
            request.CertificateExtensions.Add(new X509KeyUsageExtension(keyUsage, critical: true));
        }

        if (eku.Count > 0)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(eku, critical: false));
        }
    }
}
