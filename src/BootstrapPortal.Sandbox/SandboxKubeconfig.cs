using System.Text;
using k8s;
using k8s.KubeConfigModels;

namespace BootstrapPortal.Sandbox;

/// <summary>Kubeconfig documents built with the client's models and serialised with <see cref="KubernetesYaml"/>.</summary>
internal static class SandboxKubeconfig
{
    public const string ClusterName = "sandbox";

    /// <summary>A kubeconfig with one cluster, one client-certificate user and one context.</summary>
    public static K8SConfiguration ForClientCertificate(Uri server, string caPem, string userName, string certificatePem, string keyPem)
    {
        var contextName = userName + "@" + ClusterName;
        return new K8SConfiguration
        {
            ApiVersion = "v1",
            Kind = "Config",
            Clusters =
            [
                new Cluster
                {
                    Name = ClusterName,
                    ClusterEndpoint = new ClusterEndpoint { Server = server.ToString().TrimEnd('/'), CertificateAuthorityData = Base64(caPem) },
                },
            ],
            Users =
            [
                new User
                {
                    Name = userName,
                    UserCredentials = new UserCredentials { ClientCertificateData = Base64(certificatePem), ClientKeyData = Base64(keyPem) },
                },
            ],
            Contexts = [new Context { Name = contextName, ContextDetails = new ContextDetails { Cluster = ClusterName, User = userName } }],
            CurrentContext = contextName,
        };
    }

    /// <summary>The <c>cluster-info</c> kubeconfig: only the cluster (name ""), no users or contexts (k/k pkg/controller/bootstrap/bootstrapsigner.go).</summary>
    public static string ClusterInfo(Uri server, string caPem) => KubernetesYaml.Serialize(new K8SConfiguration
    {
        ApiVersion = "v1",
        Kind = "Config",
        Clusters =
        [
            new Cluster
            {
                Name = string.Empty,
                ClusterEndpoint = new ClusterEndpoint { Server = server.ToString().TrimEnd('/'), CertificateAuthorityData = Base64(caPem) },
            },
        ],
        CurrentContext = string.Empty,
    });

    /// <summary>Writes <paramref name="config"/> as YAML with file mode 0600.</summary>
    public static void Write(string path, K8SConfiguration config)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var yaml = KubernetesYaml.Serialize(config);
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
        {
            writer.Write(yaml);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
