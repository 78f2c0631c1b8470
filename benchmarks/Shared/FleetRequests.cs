using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace BootstrapPortal.Benchmarks.Fleet;

/// <summary>The key algorithms the benchmarks sign requests with.</summary>
public enum FleetKeyAlgorithm
{
    EcdsaP256,
    Rsa2048,
    Ed25519,
}

/// <summary>Fresh PKCS#10 requests with real keys, as kubelets and people file them (PEM bytes, as in <c>spec.request</c>).</summary>
public static class FleetRequests
{
    /// <summary>A kubelet-serving request of node <paramref name="node"/>: O=system:nodes, CN=system:node:&lt;node&gt;, DNS and IP SANs.</summary>
    public static byte[] KubeletServing(string node, IPAddress address, FleetKeyAlgorithm algorithm = FleetKeyAlgorithm.EcdsaP256) =>
        Create($"O=system:nodes, CN=system:node:{node}", [node], [address], algorithm);

    /// <summary>A kubelet client request (bootstrap or renewal): O=system:nodes, CN=system:node:&lt;node&gt;, no SANs.</summary>
    public static byte[] KubeletClient(string node, FleetKeyAlgorithm algorithm = FleetKeyAlgorithm.EcdsaP256) =>
        Create($"O=system:nodes, CN=system:node:{node}", [], [], algorithm);

    /// <summary>A person's client-certificate request for <c>kubernetes.io/kube-apiserver-client</c>.</summary>
    public static byte[] UserClient(string user, string group) => Create($"O={group}, CN={user}", [], [], FleetKeyAlgorithm.EcdsaP256);

    private static byte[] Create(string subject, string[] dns, IPAddress[] ips, FleetKeyAlgorithm algorithm)
    {
        if (algorithm == FleetKeyAlgorithm.Ed25519)
        {
            return Ed25519Request(subject, dns, ips);
        }

        var name = new X500DistinguishedName(subject, X500DistinguishedNameFlags.UseCommas);
        using var ec = algorithm == FleetKeyAlgorithm.EcdsaP256 ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : null;
        using var rsa = algorithm == FleetKeyAlgorithm.Rsa2048 ? RSA.Create(2048) : null;
        var request = ec is not null
            ? new CertificateRequest(name, ec, HashAlgorithmName.SHA256)
            : new CertificateRequest(name, rsa!, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (dns.Length + ips.Length > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var d in dns)
            {
                san.AddDnsName(d);
            }

            foreach (var ip in ips)
            {
                san.AddIpAddress(ip);
            }

            request.CertificateExtensions.Add(san.Build());
        }

        return System.Text.Encoding.ASCII.GetBytes(request.CreateSigningRequestPem());
    }

    // .NET's CertificateRequest cannot sign with Ed25519; BouncyCastle can (kubelets never do, people's tools may).
    private static byte[] Ed25519Request(string subject, string[] dns, IPAddress[] ips)
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        var keys = generator.GenerateKeyPair();
        Asn1Set? attributes = null;
        if (dns.Length + ips.Length > 0)
        {
            var names = dns.Select(d => new GeneralName(GeneralName.DnsName, d))
                .Concat(ips.Select(ip => new GeneralName(GeneralName.IPAddress, ip.ToString())))
                .ToArray();
            var extensions = new X509ExtensionsGenerator();
            extensions.AddExtension(X509Extensions.SubjectAlternativeName, false, new GeneralNames(names));
            attributes = new DerSet(new AttributePkcs(PkcsObjectIdentifiers.Pkcs9AtExtensionRequest, new DerSet(extensions.Generate())));
        }

        // X509Name lists RDNs in the order given; kubelets write O before CN.
        var request = new Pkcs10CertificationRequest(new Asn1SignatureFactory("Ed25519", keys.Private), new X509Name(subject.Replace(", ", ",", StringComparison.Ordinal)),
            (Ed25519PublicKeyParameters)keys.Public, attributes);
        var pem = "-----BEGIN CERTIFICATE REQUEST-----\n"
            + Convert.ToBase64String(request.GetEncoded(), Base64FormattingOptions.InsertLineBreaks).Replace("\r\n", "\n", StringComparison.Ordinal)
            + "\n-----END CERTIFICATE REQUEST-----\n";
        return System.Text.Encoding.ASCII.GetBytes(pem);
    }
}
