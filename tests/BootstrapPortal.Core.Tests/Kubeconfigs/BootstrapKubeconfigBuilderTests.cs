using System.IO.Compression;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using BootstrapPortal.Core.Kubeconfigs;
using k8s;
using k8s.KubeConfigModels;
using k8s.Models;

namespace BootstrapPortal.Core.Tests.Kubeconfigs;

/// <summary>The kubeconfig shape, the kubeadm join vector (cmd/kubeadm/app/cmd/util/join.go, util/pubkeypin) and cluster-info parsing.</summary>
public sealed class BootstrapKubeconfigBuilderTests : IDisposable
{
    // vectors/ca.crt of the reference (test CA, never a real one).
    private const string CaPem = """
        -----BEGIN CERTIFICATE-----
        MIIBajCCARCgAwIBAgIQa6yypMpIsOZzuhfYn497bzAKBggqhkjOPQQDAjAVMRMw
        EQYDVQQDDAprdWJlcm5ldGVzMB4XDTI2MDMwMjExNTAwMFoXDTM2MDIyODExNTUw
        MFowFTETMBEGA1UEAwwKa3ViZXJuZXRlczBZMBMGByqGSM49AgEGCCqGSM49AwEH
        A0IABOSG7ZHNfSWrCYKpKgGfsDbm+QAYFHJ1S8U+4VOdRSSQUB+Hqdo0j6U+HUaa
        mb11XpFW9SMkSKMNcKmuik8M62mjQjBAMA4GA1UdDwEB/wQEAwICpDAPBgNVHRMB
        Af8EBTADAQH/MB0GA1UdDgQWBBR3n8zNM7+wno31kRjwItUOS7g/czAKBggqhkjO
        PQQDAgNIADBFAiEA834ggCivdVb2UgzC6wkEbQKhxK/LApwyM2Pm2yBM+oECIETL
        gCZYdcUMlEQeLthbAwZeBukx0AvjHJ8IYWrtc1aK
        -----END CERTIFICATE-----

        """;

    private const string Pin = "sha256:44115f25bf26e082a7e90d852001ea218dd876ee3e8654f5295bfc135b390fa1";

    private const string Token = "abcdef.0123456789abcdef";

    private readonly string _directory = Directory.CreateTempSubdirectory("bp-kubeconfig-").FullName;

    private static V1ConfigMap ClusterInfoConfigMap(string kubeconfig) => new()
    {
        Metadata = new V1ObjectMeta { Name = "cluster-info", NamespaceProperty = "kube-public" },
        Data = new Dictionary<string, string> { ["kubeconfig"] = kubeconfig },
    };

    /// <summary>vectors/cm.json's kubeconfig: the reference cluster (server https://10.0.0.10:6443, the CA above).</summary>
    private static string ReferenceClusterInfoKubeconfig() =>
        "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: " + Convert.ToBase64String(Encoding.UTF8.GetBytes(CaPem)) +
        "\n    server: https://10.0.0.10:6443\n  name: \"\"\ncontexts: null\ncurrent-context: \"\"\nkind: Config\nusers: null\n";

    [Fact]
    public void The_reference_vector_ca_base64_matches_the_pem_used_here() =>
        Assert.StartsWith("LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJhakNDQVJDZ0F3SUJBZ0lRYTZ5eXBNcElzT1p6dWhmWW40OTdiekFL",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(CaPem)), StringComparison.Ordinal);

    [Fact]
    public void The_ca_pin_is_the_reference_vector() => Assert.Equal([Pin], ClusterInfo.CaCertHashes(CaPem));

    [Fact]
    public void The_join_command_is_exactly_kubeadms_print_join_command_output()
    {
        var cluster = ClusterInfo.FromConfigMap(ClusterInfoConfigMap(ReferenceClusterInfoKubeconfig()));
        Assert.Equal("https://10.0.0.10:6443", cluster.ServerUrl);
        var built = BootstrapKubeconfigBuilder.Build("worker-1", "abcdef", Token, null, cluster);
        Assert.Equal(
            "kubeadm join 10.0.0.10:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash sha256:44115f25bf26e082a7e90d852001ea218dd876ee3e8654f5295bfc135b390fa1 ",
            built.JoinCommand);
    }

    [Fact]
    public void The_kubeconfig_round_trips_through_the_client_and_carries_ca_data_not_a_path()
    {
        var cluster = new ClusterInfo("https://127.0.0.1:6443", CaPem);
        var built = BootstrapKubeconfigBuilder.Build("worker-1", "abcdef", Token, new DateTimeOffset(2026, 3, 3, 12, 0, 0, TimeSpan.Zero), cluster);
        Assert.Equal("bootstrap-kubelet.conf", built.FileName);
        Assert.Equal("worker-1", built.NodeName);
        Assert.Equal("abcdef", built.TokenId);
        Assert.DoesNotContain(Token, built.ToString(), StringComparison.Ordinal);

        var path = Path.Combine(_directory, built.FileName);
        File.WriteAllText(path, built.Yaml);
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
        Assert.Equal("https://127.0.0.1:6443", config.Host);
        Assert.Equal(Token, config.AccessToken);
        var ca = Assert.Single(config.SslCaCerts);
        using var expected = X509Certificate2.CreateFromPem(CaPem);
        Assert.Equal(expected.Thumbprint, ca.Thumbprint);
        Assert.False(config.SkipTlsVerify);

        var model = KubernetesYaml.Deserialize<K8SConfiguration>(built.Yaml);
        var c = Assert.Single(model.Clusters);
        Assert.Null(c.ClusterEndpoint.CertificateAuthority);
        Assert.Equal(CaPem, Encoding.UTF8.GetString(Convert.FromBase64String(c.ClusterEndpoint.CertificateAuthorityData)));
        var user = Assert.Single(model.Users);
        Assert.Equal(Token, user.UserCredentials.Token);
        var context = Assert.Single(model.Contexts);
        Assert.Equal(context.Name, model.CurrentContext);
        Assert.Equal(c.Name, context.ContextDetails.Cluster);
        Assert.Equal(user.Name, context.ContextDetails.User);
        Assert.DoesNotContain("certificate-authority:", built.Yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void The_yaml_is_kubectls_shape_without_empty_defaults()
    {
        var built = BootstrapKubeconfigBuilder.Build("worker-1", "abcdef", Token, null, new ClusterInfo("https://[fd00::1]:6443", CaPem));

        Assert.Equal(
            "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: " + Convert.ToBase64String(Encoding.UTF8.GetBytes(CaPem)) +
            "\n    server: https://[fd00::1]:6443\n  name: kubernetes\ncontexts:\n- context:\n    cluster: kubernetes\n    user: tls-bootstrap-token-user\n" +
            "  name: tls-bootstrap-token-user@kubernetes\ncurrent-context: tls-bootstrap-token-user@kubernetes\nkind: Config\npreferences: {}\nusers:\n" +
            "- name: tls-bootstrap-token-user\n  user:\n    token: abcdef.0123456789abcdef\n",
            built.Yaml);
        var model = KubernetesYaml.Deserialize<K8SConfiguration>(built.Yaml);
        Assert.Equal("https://[fd00::1]:6443", Assert.Single(model.Clusters).ClusterEndpoint.Server);
    }

    [Theory]
    [InlineData("https://10.0.0.10:6443", "https://10.0.0.10:6443")]
    [InlineData("true", "\"true\"")]
    [InlineData("6443", "\"6443\"")]
    [InlineData("a: b", "\"a: b\"")]
    [InlineData("#x", "\"#x\"")]
    [InlineData("a:", "\"a:\"")]
    [InlineData("", "\"\"")]
    public void Scalars_that_yaml_would_misread_are_quoted(string value, string written)
    {
        Assert.Equal(written, KubeconfigYaml.Scalar(value));
        Assert.Equal(value, KubernetesYaml.Deserialize<Dictionary<string, string>>("k: " + KubeconfigYaml.Scalar(value) + "\n")["k"]);
    }

    [Fact]
    public void Kubelet_flags_and_install_snippet()
    {
        var built = BootstrapKubeconfigBuilder.Build("worker-1", "abcdef", Token, null, new ClusterInfo("https://127.0.0.1:6443", CaPem));
        Assert.Equal("--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --rotate-certificates", built.KubeletFlags);
        Assert.Contains(built.Yaml, built.InstallSnippet, StringComparison.Ordinal);
        Assert.Contains("umask 077 && cat > /etc/kubernetes/bootstrap-kubelet.conf", built.InstallSnippet, StringComparison.Ordinal);
        Assert.Contains("chmod 0600 /etc/kubernetes/bootstrap-kubelet.conf", built.InstallSnippet, StringComparison.Ordinal);
        Assert.Contains(built.KubeletFlags, built.InstallSnippet, StringComparison.Ordinal);
    }

    [Fact]
    public void The_install_snippet_writes_the_exact_file_with_mode_0600_when_run_by_a_shell()
    {
        var built = BootstrapKubeconfigBuilder.Build("worker-1", "abcdef", Token, null, new ClusterInfo("https://127.0.0.1:6443", CaPem));
        var target = Path.Combine(_directory, "etc-kubernetes");
        var script = built.InstallSnippet.Replace("/etc/kubernetes", target, StringComparison.Ordinal);
        var scriptPath = Path.Combine(_directory, "install.sh");
        File.WriteAllText(scriptPath, script);
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/bin/sh", [scriptPath]) { RedirectStandardError = true })!;
        Assert.True(process.WaitForExit(10_000));
        Assert.Equal(0, process.ExitCode);
        var file = Path.Combine(target, "bootstrap-kubelet.conf");
        Assert.Equal(built.Yaml, File.ReadAllText(file));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    public static TheoryData<V1ConfigMap?, string> BrokenClusterInfo => new()
    {
        { null, "does not exist" },
        { new V1ConfigMap { Data = new Dictionary<string, string>() }, "has no \"kubeconfig\" key" },
        { ClusterInfoConfigMap("{{{ not yaml"), "not a valid kubeconfig" },
        { ClusterInfoConfigMap("apiVersion: v1\nkind: Config\nclusters: []\n"), "exactly one cluster (found 0)" },
        { ClusterInfoConfigMap("apiVersion: v1\nkind: Config\nclusters:\n- name: \"\"\n  cluster:\n    server: http://10.0.0.10:6443\n    certificate-authority-data: " + Convert.ToBase64String(Encoding.UTF8.GetBytes(CaPem)) + "\n"), "not an https URL" },
        { ClusterInfoConfigMap("apiVersion: v1\nkind: Config\nclusters:\n- name: \"\"\n  cluster:\n    server: https://10.0.0.10:6443\n    certificate-authority: /etc/kubernetes/pki/ca.crt\n"), "no certificate-authority-data" },
        { ClusterInfoConfigMap("apiVersion: v1\nkind: Config\nclusters:\n- name: \"\"\n  cluster:\n    server: https://10.0.0.10:6443\n    certificate-authority-data: '%%%'\n"), "not base64" },
        { ClusterInfoConfigMap("apiVersion: v1\nkind: Config\nclusters:\n- name: \"\"\n  cluster:\n    server: https://10.0.0.10:6443\n    certificate-authority-data: aGVsbG8=\n"), "holds no PEM certificate" },
    };

    [Theory]
    [MemberData(nameof(BrokenClusterInfo))]
    public void A_missing_or_malformed_cluster_info_is_a_clear_error(V1ConfigMap? configMap, string fragment)
    {
        var ex = Assert.Throws<ClusterInfoException>(() => ClusterInfo.FromConfigMap(configMap));
        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
        Assert.Contains("cluster-info", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_zip_has_one_folder_per_node_with_a_0600_bootstrap_kubelet_conf()
    {
        var cluster = new ClusterInfo("https://127.0.0.1:6443", CaPem);
        var kubeconfigs = new[]
        {
            BootstrapKubeconfigBuilder.Build("worker-1", "aaaaaa", "aaaaaa.0123456789abcdef", null, cluster),
            BootstrapKubeconfigBuilder.Build("worker-2", "bbbbbb", "bbbbbb.0123456789abcdef", null, cluster),
        };
        var bytes = BootstrapKubeconfigService.ZipKubeconfigs(kubeconfigs);
        using var archive = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        Assert.Equal(["worker-1/bootstrap-kubelet.conf", "worker-2/bootstrap-kubelet.conf"], archive.Entries.Select(e => e.FullName));
        foreach (var (entry, kubeconfig) in archive.Entries.Zip(kubeconfigs))
        {
            using var reader = new StreamReader(entry.Open());
            Assert.Equal(kubeconfig.Yaml, reader.ReadToEnd());
            Assert.Equal(Convert.ToInt32("100600", 8), entry.ExternalAttributes >>> 16);
        }
    }

    [Theory]
    [InlineData("https://127.0.0.1:6443", null)]
    [InlineData("https://api.example.com", null)]
    [InlineData("http://127.0.0.1:6443", "https")]
    [InlineData("https://127.0.0.1:6443/path", "host and port")]
    [InlineData("https://u:p@127.0.0.1:6443", "host and port")]
    [InlineData("127.0.0.1:6443", "https")]
    public void Server_urls_are_validated(string url, string? fragment)
    {
        var reason = ClusterInfo.ValidateServerUrl(url);
        if (fragment is null)
        {
            Assert.Null(reason);
        }
        else
        {
            Assert.Contains(fragment, reason, StringComparison.Ordinal);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
