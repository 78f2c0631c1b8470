using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Preflight;
using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Core.Text;
using BootstrapPortal.Core.Tokens;
using k8s.Models;

namespace BootstrapPortal.Core.Tests.Preflight;

/// <summary>Inputs for the pure preflight checks: certificates, cluster-info, token Secrets and CSRs built here.</summary>
internal static class PreflightTestData
{
    public static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    public static PreflightInputs Inputs(
        ControlPlaneFlags? flags = null,
        V1ConfigMap? clusterInfo = null,
        string? clusterInfoError = null,
        AnonymousReadOutcome? anonymous = null,
        TokenProbeOutcome? probe = null,
        IReadOnlyList<V1Secret>? secrets = null,
        IReadOnlyList<CsrEntry>? csrs = null,
        RbacPolicy? rbac = null)
    {
        secrets ??= [];
        return new PreflightInputs(Now, new PreflightOptions(), flags ?? ControlPlaneFlags.None("not visible in this test"), clusterInfo, clusterInfoError,
            anonymous ?? new AnonymousReadOutcome(200, CommonText.Plain("anonymous GET answered 200")), probe ?? TokenProbeOutcome.Unavailable(CommonText.Plain("not run in this test")),
            secrets, BootstrapTokenInventory.Build(secrets, [], [], Now, TimeSpan.FromHours(2)), csrs ?? [], rbac ?? RbacPolicy.Empty);
    }

    public static ControlPlaneFlags Flags(string[]? apiServer = null, string[]? controllerManager = null) => new(
        apiServer is null ? null : ControlPlaneFlags.ParseArguments(["kube-apiserver", .. apiServer]), apiServer is null ? null : "kube-apiserver-cp1",
        controllerManager is null ? null : ControlPlaneFlags.ParseArguments(["kube-controller-manager", .. controllerManager]),
        controllerManager is null ? null : "kube-controller-manager-cp1", null);

    /// <summary>A self-signed certificate, a CA unless <paramref name="ca"/> is false.</summary>
    public static string CertificatePem(DateTimeOffset notBefore, DateTimeOffset notAfter, bool ca = true, string name = "kubernetes")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(ca, false, 0, true));
        using var certificate = request.CreateSelfSigned(notBefore, notAfter);
        return certificate.ExportCertificatePem() + "\n";
    }

    public static string Kubeconfig(string caPem, string server = "https://10.0.0.10:6443") =>
        "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: " + Convert.ToBase64String(Encoding.UTF8.GetBytes(caPem)) +
        $"\n    server: {server}\n  name: \"\"\ncontexts: null\ncurrent-context: \"\"\nkind: Config\nusers: null\n";

    public static V1ConfigMap ClusterInfo(string kubeconfig, IDictionary<string, string>? signatures = null)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal) { ["kubeconfig"] = kubeconfig };
        foreach (var (key, value) in signatures ?? new Dictionary<string, string>())
        {
            data[key] = value;
        }

        return new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cluster-info", NamespaceProperty = "kube-public" }, Data = data };
    }

    public static V1Secret TokenSecret(string id, string secret, bool signing = true, DateTimeOffset? expires = null, DateTimeOffset? created = null,
        bool deleting = false)
    {
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["token-id"] = Encoding.ASCII.GetBytes(id),
            ["token-secret"] = Encoding.ASCII.GetBytes(secret),
            ["usage-bootstrap-authentication"] = "true"u8.ToArray(),
        };
        if (signing)
        {
            data["usage-bootstrap-signing"] = "true"u8.ToArray();
        }

        if (expires is { } e)
        {
            data["expiration"] = Encoding.ASCII.GetBytes(BootstrapTokenInventory.FormatExpiration(e));
        }

        return new V1Secret
        {
            Metadata = new V1ObjectMeta
            {
                Name = "bootstrap-token-" + id,
                NamespaceProperty = "kube-system",
                CreationTimestamp = (created ?? Now.AddHours(-1)).UtcDateTime,
                DeletionTimestamp = deleting ? Now.AddMinutes(-1).UtcDateTime : null,
            },
            Type = "bootstrap.kubernetes.io/token",
            Data = data,
        };
    }

    /// <summary>A kubelet client CSR (P-256, O=system:nodes, CN=system:node:&lt;node&gt;) as a bootstrap token would send it, with optional conditions and certificate.</summary>
    public static CsrEntry KubeletCsr(string name, string node, DateTimeOffset created, RbacPolicy rbac, V1CertificateSigningRequestCondition[]? conditions = null,
        string? certificatePem = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=system:node:" + node + ", O=system:nodes", key, HashAlgorithmName.SHA256);
        var csr = new V1CertificateSigningRequest
        {
            Metadata = new V1ObjectMeta { Name = name, CreationTimestamp = created.UtcDateTime, Uid = Guid.NewGuid().ToString() },
            Spec = new V1CertificateSigningRequestSpec
            {
                Request = Encoding.ASCII.GetBytes(request.CreateSigningRequestPem()),
                SignerName = "kubernetes.io/kube-apiserver-client-kubelet",
                Usages = ["digital signature", "client auth"],
                Username = "system:bootstrap:abcdef",
                Groups = ["system:bootstrappers", "system:bootstrappers:kubeadm:default-node-token", "system:authenticated"],
            },
            Status = new V1CertificateSigningRequestStatus
            {
                Conditions = conditions,
                Certificate = certificatePem is null ? null : Encoding.ASCII.GetBytes(certificatePem),
            },
        };
        var view = CsrViews.Create(csr, new CsrViewContext(Now));
        return new CsrEntry(view, CsrVerdicts.Evaluate(view, new CsrVerdictContext([], rbac, Now)));
    }

    public static V1CertificateSigningRequestCondition Condition(string type, string reason, DateTimeOffset at) =>
        new() { Type = type, Status = "True", Reason = reason, Message = reason + " in a test", LastUpdateTime = at.UtcDateTime };
}
