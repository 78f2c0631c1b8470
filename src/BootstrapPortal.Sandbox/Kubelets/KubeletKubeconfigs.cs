using System.Text;
using k8s;
using k8s.KubeConfigModels;

namespace BootstrapPortal.Sandbox.Kubelets;

/// <summary>Kubeconfig files a kubelet uses, built with the client's own model (never by string concatenation).</summary>
public static class KubeletKubeconfigs
{
    /// <summary>
    /// A bootstrap kubeconfig like kubeadm's <c>/etc/kubernetes/bootstrap-kubelet.conf</c>: cluster <c>kubernetes</c>,
    /// user <c>tls-bootstrap-token-user</c> with the bootstrap token, context <c>tls-bootstrap-token-user@kubernetes</c>.
    /// </summary>
    public static string BuildBootstrapKubeconfig(Uri server, string caCertificatePem, string token)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(caCertificatePem);
        const string user = "tls-bootstrap-token-user";
        const string cluster = "kubernetes";
        var context = user + "@" + cluster;
        var config = new K8SConfiguration
        {
            ApiVersion = "v1",
            Kind = "Config",
            Clusters =
            [
                new Cluster
                {
                    Name = cluster,
                    ClusterEndpoint = new ClusterEndpoint
                    {
                        Server = server.ToString().TrimEnd('/'),
                        CertificateAuthorityData = Convert.ToBase64String(Encoding.ASCII.GetBytes(caCertificatePem)),
                    },
                },
            ],
            Users = [new User { Name = user, UserCredentials = new UserCredentials { Token = token } }],
            Contexts = [new Context { Name = context, ContextDetails = new ContextDetails { Cluster = cluster, User = user } }],
            CurrentContext = context,
        };
        return KubernetesYaml.Serialize(config);
    }

    /// <summary>Loads a kubeconfig document (YAML) into a client configuration for its current context.</summary>
    public static KubernetesClientConfiguration Load(string kubeconfigYaml)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kubeconfigYaml);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(kubeconfigYaml));
        return KubernetesClientConfiguration.BuildConfigFromConfigFile(stream);
    }
}
