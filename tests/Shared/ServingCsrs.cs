using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using k8s.Models;

namespace BootstrapPortal.Tests.Shared;

/// <summary>Pending kubelet-serving CSRs for tests, created with the cluster admin's client (linked source).</summary>
public static class ServingCsrs
{
    /// <summary>Creates a CSR for <c>system:node:&lt;node&gt;</c> (a generated name starting with <paramref name="node"/>) and returns its name.</summary>
    public static Task<string> CreatePendingAsync(IKubernetes client, string node) => CreatePendingAsync(client, node, []);

    /// <summary>As <see cref="CreatePendingAsync(IKubernetes, string)"/>, with IP subjectAltNames (the node's own addresses pass the verdict).</summary>
    public static async Task<string> CreatePendingAsync(IKubernetes client, string node, IReadOnlyList<string> ips)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(ips);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"O=system:nodes, CN=system:node:{node}"), key, HashAlgorithmName.SHA256);
        if (ips.Count > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var ip in ips)
            {
                san.AddIpAddress(System.Net.IPAddress.Parse(ip));
            }

            request.CertificateExtensions.Add(san.Build());
        }

        var created = await client.CertificatesV1.CreateCertificateSigningRequestAsync(new V1CertificateSigningRequest
        {
            Metadata = new V1ObjectMeta { GenerateName = node + "-" },
            Spec = new V1CertificateSigningRequestSpec
            {
                Request = Encoding.ASCII.GetBytes(request.CreateSigningRequestPem()),
                SignerName = "kubernetes.io/kubelet-serving",
                Usages = ["digital signature", "server auth"],
            },
        });
        return created.Metadata.Name;
    }
}
