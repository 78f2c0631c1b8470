using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s.Models;

namespace BootstrapPortal.Core.Tests.Csrs;

/// <summary>Fresh PKCS#10 requests (.NET CertificateRequest) wrapped in CertificateSigningRequest objects, for table tests.</summary>
internal static class TestCsrs
{
    public const string ClientSigner = "kubernetes.io/kube-apiserver-client-kubelet";
    public const string ServingSigner = "kubernetes.io/kubelet-serving";

    public static readonly string[] ClientUsages = ["digital signature", "client auth"];
    public static readonly string[] ServingUsages = ["digital signature", "server auth"];
    public static readonly string[] BootstrapGroups = ["system:bootstrappers", "system:bootstrappers:kubeadm:default-node-token", "system:authenticated"];
    public static readonly string[] NodeGroups = ["system:nodes", "system:authenticated"];

    /// <summary>PEM of a request with subject O=each organization, CN=<paramref name="commonName"/> and the given SANs.</summary>
    public static byte[] RequestPem(string commonName, string[]? organizations = null, string[]? dns = null, string[]? ips = null,
        string[]? emails = null, string[]? uris = null, bool rsa = false)
    {
        var subject = new StringBuilder();
        foreach (var o in organizations ?? ["system:nodes"])
        {
            subject.Append("O=").Append(o).Append(", ");
        }

        subject.Append("CN=").Append(commonName);
        using var ec = rsa ? null : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var rsaKey = rsa ? RSA.Create(2048) : null;
        var name = new X500DistinguishedName(subject.ToString(), X500DistinguishedNameFlags.UseCommas);
        var request = rsa
            ? new CertificateRequest(name, rsaKey!, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest(name, ec!, HashAlgorithmName.SHA256);
        if ((dns?.Length ?? 0) + (ips?.Length ?? 0) + (emails?.Length ?? 0) + (uris?.Length ?? 0) > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var d in dns ?? [])
            {
                san.AddDnsName(d);
            }

            foreach (var ip in ips ?? [])
            {
                san.AddIpAddress(IPAddress.Parse(ip));
            }

            foreach (var e in emails ?? [])
            {
                san.AddEmailAddress(e);
            }

            foreach (var u in uris ?? [])
            {
                san.AddUri(new Uri(u));
            }

            request.CertificateExtensions.Add(san.Build());
        }

        return Encoding.ASCII.GetBytes(request.CreateSigningRequestPem());
    }

    public static V1CertificateSigningRequest Csr(string name, byte[] request, string signer, string username, string[] groups,
        string[]? usages = null, int? expirationSeconds = null, DateTime? created = null) => new()
        {
            ApiVersion = "certificates.k8s.io/v1",
            Kind = "CertificateSigningRequest",
            Metadata = new V1ObjectMeta { Name = name, Uid = Guid.NewGuid().ToString(), CreationTimestamp = created ?? new DateTime(2026, 3, 2, 12, 5, 28, DateTimeKind.Utc) },
            Spec = new V1CertificateSigningRequestSpec
            {
                Request = request,
                SignerName = signer,
                Username = username,
                Groups = groups,
                Usages = usages ?? (signer == ServingSigner ? ServingUsages : ClientUsages),
                ExpirationSeconds = expirationSeconds,
            },
            Status = new V1CertificateSigningRequestStatus(),
        };

    /// <summary>A bootstrap client CSR for <paramref name="node"/> from token id abcdef.</summary>
    public static V1CertificateSigningRequest Bootstrap(string node, string name = "csr-boot") =>
        Csr(name, RequestPem("system:node:" + node), ClientSigner, "system:bootstrap:abcdef", BootstrapGroups);

    /// <summary>A kubelet serving CSR sent by <paramref name="node"/> itself.</summary>
    public static V1CertificateSigningRequest Serving(string node, string[]? ips = null, string[]? dns = null, string name = "csr-serve") =>
        Csr(name, RequestPem("system:node:" + node, ips: ips ?? ["10.0.0.5"], dns: dns), ServingSigner, "system:node:" + node, NodeGroups);

    /// <summary>When the test nodes registered unless a test says otherwise: the day before the test CSRs.</summary>
    public static readonly DateTime NodesRegistered = new(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);

    /// <summary>A Node registered at <see cref="NodesRegistered"/> whose kubelet reports Ready, last at 12:09 (a minute before the tests' "now").</summary>
    public static V1Node Node(string name, params (string Type, string Address)[] addresses) =>
        Node(name, NodesRegistered, "True", new DateTime(2026, 3, 2, 12, 9, 0, DateTimeKind.Utc), NodesRegistered, addresses);

    /// <summary>A Node with the given registration time and Ready condition (status null: no Ready condition at all).</summary>
    public static V1Node Node(string name, DateTime created, string? ready, DateTime? heartbeat, DateTime? readySince,
        params (string Type, string Address)[] addresses) => new()
        {
            Metadata = new V1ObjectMeta { Name = name, CreationTimestamp = created },
            Status = new V1NodeStatus
            {
                Addresses = addresses.Select(a => new V1NodeAddress { Address = a.Address, Type = a.Type }).ToList(),
                Conditions = ready is null
                    ? []
                    : [new V1NodeCondition { Type = "Ready", Status = ready, LastHeartbeatTime = heartbeat, LastTransitionTime = readySince }],
            },
        };

    /// <summary><paramref name="csr"/> approved at <paramref name="at"/> (and issued with <paramref name="certificatePem"/> when given).</summary>
    public static V1CertificateSigningRequest Decided(V1CertificateSigningRequest csr, DateTime at, string type = "Approved",
        string reason = "AutoApproved", byte[]? certificatePem = null)
    {
        csr.Status = new V1CertificateSigningRequestStatus
        {
            Conditions = [new V1CertificateSigningRequestCondition { Type = type, Status = "True", Reason = reason, Message = "test decision", LastUpdateTime = at, LastTransitionTime = at }],
            Certificate = certificatePem,
        };
        return csr;
    }
}
