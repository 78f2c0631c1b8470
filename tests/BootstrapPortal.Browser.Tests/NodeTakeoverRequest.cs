using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Tests.Shared;
using BootstrapPortal.Web.Hosting;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Browser.Tests;

/// <summary>
/// A kubelet client request for the identity of a running node, sent by another node: approving it would let that node act
/// as this one, so its verdict fails. kube-controller-manager leaves it pending (a node may only renew its own identity,
/// <c>selfnodeclient</c>), as it would not for a requester allowed <c>certificatesigningrequests/nodeclient</c>.
/// </summary>
internal static class NodeTakeoverRequest
{
    /// <summary>Creates the request as <c>system:node:bulk-intruder</c> for <paramref name="node"/>; returns its name.</summary>
    public static async Task<string> CreateAsync(PortalServer server, string node)
    {
        ArgumentNullException.ThrowIfNull(server);
        using var other = new Kubernetes(server.Services.GetRequiredService<SandboxClusterHost>().Cluster
            .CreateClientConfiguration("system:node:bulk-intruder", "system:nodes"));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName("system:nodes");
        subject.AddCommonName("system:node:" + node);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        var csr = await other.CertificatesV1.CreateCertificateSigningRequestAsync(new V1CertificateSigningRequest
        {
            Metadata = new V1ObjectMeta { GenerateName = "bulk-claim-" },
            Spec = new V1CertificateSigningRequestSpec
            {
                Request = Encoding.ASCII.GetBytes(request.CreateSigningRequestPem()),
                SignerName = KubernetesSignerNames.KubeApiServerClientKubelet,
                Usages = ["digital signature", "client auth"],
            },
        });
        return csr.Metadata.Name;
    }
}
