using System.Text;
using k8s.KubeConfigModels;
using KubeCluster = k8s.KubeConfigModels.Cluster;

namespace BootstrapPortal.Core.Kubeconfigs;

/// <summary>
/// Renders a bootstrap kubeconfig and its companions (kubelet flags, <c>kubeadm join</c> command, install snippet) from a
/// token and the cluster's server and CA. Pure; the result carries the token.
/// </summary>
public static class BootstrapKubeconfigBuilder
{
    public const string FileName = "bootstrap-kubelet.conf";
    public const string BootstrapKubeconfigPath = "/etc/kubernetes/bootstrap-kubelet.conf";
    public const string KubeconfigPath = "/etc/kubernetes/kubelet.conf";
    public const string ClusterName = "kubernetes";
    public const string UserName = "tls-bootstrap-token-user";
    public const string ContextName = UserName + "@" + ClusterName;

    /// <summary>The kubelet flags for TLS bootstrapping (k/k pkg/kubelet/certificate/bootstrap/bootstrap.go).</summary>
    public const string KubeletFlags =
        "--bootstrap-kubeconfig=" + BootstrapKubeconfigPath + " --kubeconfig=" + KubeconfigPath + " --rotate-certificates";

    private const string HeredocDelimiter = "BOOTSTRAP_KUBELET_CONF";

    public static BootstrapKubeconfig Build(string nodeName, string tokenId, string token, DateTimeOffset? expiration, ClusterInfo cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var yaml = KubeconfigYaml.Write(Model(token, cluster));
        return new BootstrapKubeconfig(
            nodeName,
            tokenId,
            yaml,
            FileName,
            KubeletFlags,
            JoinCommand(cluster.ServerUrl, token, ClusterInfo.CaCertHashes(cluster.CaPem)),
            InstallSnippet(nodeName, yaml),
            expiration);
    }

    /// <summary>
    /// One cluster with <c>certificate-authority-data</c> = base64 of the CA PEM (never a file path), one user with the
    /// token, one context, current-context set.
    /// </summary>
    public static K8SConfiguration Model(string token, ClusterInfo cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return new K8SConfiguration
        {
            ApiVersion = "v1",
            Kind = "Config",
            Clusters =
            [
                new KubeCluster
                {
                    Name = ClusterName,
                    ClusterEndpoint = new ClusterEndpoint
                    {
                        Server = cluster.ServerUrl,
                        CertificateAuthorityData = Convert.ToBase64String(Encoding.UTF8.GetBytes(cluster.CaPem)),
                    },
                },
            ],
            Users = [new User { Name = UserName, UserCredentials = new UserCredentials { Token = token } }],
            Contexts = [new Context { Name = ContextName, ContextDetails = new ContextDetails { Cluster = ClusterName, User = UserName } }],
            CurrentContext = ContextName,
        };
    }

    /// <summary>
    /// <c>kubeadm token create --print-join-command</c> output (k/k cmd/kubeadm/app/cmd/util/join.go): the server without <c>https://</c>, the
    /// token, one <c>--discovery-token-ca-cert-hash</c> per CA certificate, each followed by a space (so the line ends in one).
    /// </summary>
    public static string JoinCommand(string serverUrl, string token, IReadOnlyList<string> caCertHashes)
    {
        ArgumentNullException.ThrowIfNull(serverUrl);
        ArgumentNullException.ThrowIfNull(caCertHashes);
        var hostPort = serverUrl.Replace("https://", string.Empty, StringComparison.Ordinal).TrimEnd('/');
        var builder = new StringBuilder().Append("kubeadm join ").Append(hostPort).Append(" --token ").Append(token).Append(' ');
        foreach (var hash in caCertHashes)
        {
            builder.Append("--discovery-token-ca-cert-hash ").Append(hash).Append(' ');
        }

        return builder.ToString();
    }

    /// <summary>Shell lines that write the file with mode 0600 and show the kubelet flags.</summary>
    public static string InstallSnippet(string nodeName, string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var builder = new StringBuilder();
        builder.Append("# Run on node ").Append(nodeName).Append(" as root. The file holds a bootstrap token: keep it private.\n");
        builder.Append("install -d -m 0755 /etc/kubernetes\n");
        builder.Append("(umask 077 && cat > ").Append(BootstrapKubeconfigPath).Append(" <<'").Append(HeredocDelimiter).Append("'\n");
        builder.Append(yaml);
        if (!yaml.EndsWith('\n'))
        {
            builder.Append('\n');
        }

        builder.Append(HeredocDelimiter).Append('\n');
        builder.Append(")\n");
        builder.Append("chmod 0600 ").Append(BootstrapKubeconfigPath).Append('\n');
        builder.Append("# Start the kubelet with these flags (e.g. in KUBELET_EXTRA_ARGS or a systemd drop-in):\n");
        builder.Append("#   ").Append(KubeletFlags).Append('\n');
        return builder.ToString();
    }
}
