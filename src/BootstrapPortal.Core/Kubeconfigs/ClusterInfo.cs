using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using BootstrapPortal.Core.Tokens;
using k8s;
using k8s.KubeConfigModels;
using k8s.Models;

namespace BootstrapPortal.Core.Kubeconfigs;

/// <summary>The API server URL and CA bundle (PEM) that bootstrap kubeconfigs carry.</summary>
public sealed record ClusterInfo(string ServerUrl, string CaPem)
{
    /// <summary>
    /// Reads the <c>kubeconfig</c> key of the <c>kube-public/cluster-info</c> ConfigMap (k/k pkg/controller/bootstrap/bootstrapsigner.go): its one cluster's
    /// server and <c>certificate-authority-data</c>. Throws <see cref="ClusterInfoException"/> with a clear message when
    /// the ConfigMap is missing or malformed.
    /// </summary>
    public static ClusterInfo FromConfigMap(V1ConfigMap? configMap)
    {
        const string Where = "ConfigMap kube-public/cluster-info";
        if (configMap is null)
        {
            throw new ClusterInfoException($"{Where} does not exist; configure Kubeconfigs:ServerUrl and Kubeconfigs:CaFile instead.");
        }

        if (configMap.Data is null || !configMap.Data.TryGetValue(BootstrapTokenFormat.KubeconfigKey, out var yaml) || string.IsNullOrWhiteSpace(yaml))
        {
            throw new ClusterInfoException($"{Where} has no \"{BootstrapTokenFormat.KubeconfigKey}\" key.");
        }

        K8SConfiguration config;
        try
        {
            config = KubernetesYaml.Deserialize<K8SConfiguration>(yaml);
        }
        catch (Exception ex) when (ex is YamlDotNet.Core.YamlException or InvalidOperationException or FormatException)
        {
            throw new ClusterInfoException($"{Where}: the kubeconfig key is not a valid kubeconfig ({ex.Message}).", ex);
        }

        var clusters = config?.Clusters?.ToList() ?? [];
        if (clusters.Count != 1 || clusters[0].ClusterEndpoint is null)
        {
            throw new ClusterInfoException($"{Where}: the kubeconfig must hold exactly one cluster (found {clusters.Count}).");
        }

        var endpoint = clusters[0].ClusterEndpoint;
        if (string.IsNullOrWhiteSpace(endpoint.Server) || ValidateServerUrl(endpoint.Server) is not null)
        {
            throw new ClusterInfoException($"{Where}: the cluster's server \"{endpoint.Server}\" is not an https URL.");
        }

        if (string.IsNullOrWhiteSpace(endpoint.CertificateAuthorityData))
        {
            throw new ClusterInfoException($"{Where}: the cluster has no certificate-authority-data.");
        }

        string pem;
        try
        {
            pem = Encoding.UTF8.GetString(Convert.FromBase64String(endpoint.CertificateAuthorityData));
        }
        catch (FormatException ex)
        {
            throw new ClusterInfoException($"{Where}: certificate-authority-data is not base64.", ex);
        }

        if (ValidateCaPem(pem) is { } reason)
        {
            throw new ClusterInfoException($"{Where}: certificate-authority-data {reason}.");
        }

        return new ClusterInfo(endpoint.Server.TrimEnd('/'), pem);
    }

    /// <summary>Null when <paramref name="url"/> is an absolute https URL without path, query or credentials, else the reason.</summary>
    public static string? ValidateServerUrl(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            return "must be an absolute https:// URL";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || uri.AbsolutePath != "/")
        {
            return "must be scheme, host and port only";
        }

        return null;
    }

    /// <summary>Null when <paramref name="pem"/> holds at least one certificate, else the reason.</summary>
    public static string? ValidateCaPem(string? pem)
    {
        try
        {
            return ParseCertificates(pem).Count == 0 ? "holds no PEM certificate" : null;
        }
        catch (CryptographicException ex)
        {
            return "is not a PEM certificate bundle (" + ex.Message + ")";
        }
    }

    /// <summary>
    /// <c>--discovery-token-ca-cert-hash</c> values (k/k cmd/kubeadm/app/util/pubkeypin/pubkeypin.go): <c>sha256:</c> + lowercase hex of SHA-256 over each
    /// certificate's DER SubjectPublicKeyInfo.
    /// </summary>
    public static IReadOnlyList<string> CaCertHashes(string caPem)
    {
        var hashes = new List<string>();
        foreach (var certificate in ParseCertificates(caPem))
        {
            using (certificate)
            {
                hashes.Add("sha256:" + Convert.ToHexStringLower(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo())));
            }
        }

        return hashes;
    }

    private static List<X509Certificate2> ParseCertificates(string? pem)
    {
        var result = new List<X509Certificate2>();
        if (string.IsNullOrWhiteSpace(pem))
        {
            return result;
        }

        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(pem);
        result.AddRange(collection);
        return result;
    }
}
