using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.Models;

namespace BootstrapPortal.Sandbox.Kubelets;

/// <summary>
/// What client-go's <c>util/certificate/csr</c> does for a kubelet (k8s.io/client-go util/certificate/csr/csr.go): build a P-256 key and a CSR
/// (<c>O=system:nodes, CN=system:node:&lt;name&gt;</c>), create the CertificateSigningRequest with
/// <c>generateName: csr-</c>, then LIST+WATCH it by <c>metadata.name</c> until it is approved and issued (or denied/failed/deleted).
/// </summary>
internal static class KubeletCsrClient
{
    /// <summary>Usages client-go asks for with a non-RSA key (since 1.27).</summary>
    public static readonly IReadOnlyList<string> ClientUsages = ["digital signature", "client auth"];

    public static readonly IReadOnlyList<string> ServingUsages = ["digital signature", "server auth"];

    /// <summary>A PKCS#10 request PEM for a node; SANs only for serving certificates (or a misconfigured kubelet).</summary>
    public static string CreateRequestPem(ECDsa key, string nodeName, IEnumerable<string>? dnsNames = null, IEnumerable<IPAddress>? ipAddresses = null)
    {
        var subject = new X500DistinguishedNameBuilder();
        // X500DistinguishedNameBuilder encodes the last-added RDN first: this yields Go's DER order O=..., CN=...
        subject.AddCommonName("system:node:" + nodeName);
        subject.AddOrganizationName("system:nodes");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        var names = dnsNames?.ToList() ?? [];
        var ips = ipAddresses?.ToList() ?? [];
        if (names.Count + ips.Count > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in names)
            {
                san.AddDnsName(name);
            }

            foreach (var ip in ips)
            {
                san.AddIpAddress(ip);
            }

            request.CertificateExtensions.Add(san.Build());
        }

        return request.CreateSigningRequestPem();
    }

    public static Task<V1CertificateSigningRequest> SubmitAsync(
        IKubernetes client, string requestPem, string signerName, IReadOnlyList<string> usages, CancellationToken cancellationToken) =>
        client.CertificatesV1.CreateCertificateSigningRequestAsync(
            new V1CertificateSigningRequest
            {
                ApiVersion = "certificates.k8s.io/v1",
                Kind = "CertificateSigningRequest",
                Metadata = new V1ObjectMeta { GenerateName = "csr-" },
                Spec = new V1CertificateSigningRequestSpec
                {
                    Request = Encoding.ASCII.GetBytes(requestPem),
                    SignerName = signerName,
                    Usages = usages.ToList(),
                },
            },
            cancellationToken: cancellationToken);

    /// <summary>client-go <c>WaitForCertificate</c>: returns the issued PEM, or throws when denied, failed, deleted or replaced.</summary>
    public static async Task<string> WaitForCertificateAsync(IKubernetes client, V1CertificateSigningRequest created, CancellationToken cancellationToken)
    {
        var name = created.Metadata.Name;
        var selector = "metadata.name=" + name;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var list = await client.CertificatesV1.ListCertificateSigningRequestAsync(fieldSelector: selector, cancellationToken: cancellationToken);
            var current = list.Items.FirstOrDefault() ?? throw new CsrRejectedException($"certificate signing request {name} was deleted");
            if (Check(current, created) is { } issued)
            {
                return issued;
            }

            await foreach (var (type, csr) in client.CertificatesV1.WatchListCertificateSigningRequestAsync(
                fieldSelector: selector, resourceVersion: list.Metadata?.ResourceVersion, onError: static _ => { }, cancellationToken: cancellationToken))
            {
                if (type == WatchEventType.Deleted)
                {
                    throw new CsrRejectedException($"certificate signing request {name} was deleted");
                }

                if (type is WatchEventType.Added or WatchEventType.Modified && Check(csr, created) is { } certificate)
                {
                    return certificate;
                }
            }

            // The stream ended (timeout or 410 ERROR event): list again, as client-go's list-watch does.
        }
    }

    private static string? Check(V1CertificateSigningRequest csr, V1CertificateSigningRequest created)
    {
        if (csr.Metadata?.Uid != created.Metadata.Uid)
        {
            throw new CsrRejectedException($"csr {created.Metadata.Name} changed UIDs");
        }

        foreach (var condition in csr.Status?.Conditions ?? [])
        {
            if (condition.Type == "Denied")
            {
                throw new CsrRejectedException($"certificate signing request is denied, reason: {condition.Reason}, message: {condition.Message}");
            }

            if (condition.Type == "Failed")
            {
                throw new CsrRejectedException($"certificate signing request failed, reason: {condition.Reason}, message: {condition.Message}");
            }
        }

        var approved = csr.Status?.Conditions?.Any(c => c.Type == "Approved") == true;
        return approved && csr.Status?.Certificate is { Length: > 0 } pem ? Encoding.ASCII.GetString(pem) : null;
    }
}
