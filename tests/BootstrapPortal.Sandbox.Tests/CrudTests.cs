using System.Net;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace BootstrapPortal.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class CrudTests(SandboxFixture fixture)
{
    private readonly Kubernetes admin = fixture.Admin;

    [Fact]
    public async Task Secret_create_get_replace_delete_round_trip()
    {
        var name = TestNames.Unique("s");
        var created = await admin.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = "x" } },
            Type = "Opaque",
            Data = new Dictionary<string, byte[]> { ["k"] = Encoding.UTF8.GetBytes("v") },
        }, "default");
        Assert.Equal(name, created.Metadata.Name);
        Assert.Equal("default", created.Metadata.NamespaceProperty);
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.False(string.IsNullOrEmpty(created.Metadata.ResourceVersion));
        Assert.NotNull(created.Metadata.CreationTimestamp);
        Assert.Equal("Secret", created.Kind);
        Assert.Equal("v1", created.ApiVersion);

        var read = await admin.CoreV1.ReadNamespacedSecretAsync(name, "default");
        Assert.Equal("v", Encoding.UTF8.GetString(read.Data["k"]));

        read.Data["k"] = Encoding.UTF8.GetBytes("w");
        var replaced = await admin.CoreV1.ReplaceNamespacedSecretAsync(read, name, "default");
        Assert.NotEqual(created.Metadata.ResourceVersion, replaced.Metadata.ResourceVersion);
        Assert.Equal("w", Encoding.UTF8.GetString(replaced.Data["k"]));

        var status = await admin.CoreV1.DeleteNamespacedSecretAsync(name, "default");
        Assert.Equal("Success", status.Status);
        Assert.Equal(name, status.Details.Name);
        Assert.Equal("secrets", status.Details.Kind);
        Assert.Equal(created.Metadata.Uid, status.Details.Uid);

        var ex = await Assert.ThrowsAsync<HttpOperationException>(() => admin.CoreV1.ReadNamespacedSecretAsync(name, "default"));
        Assert.Equal(HttpStatusCode.NotFound, ex.Response.StatusCode);
        var body = JsonDocument.Parse(ex.Response.Content).RootElement;
        Assert.Equal($"secrets \"{name}\" not found", body.GetProperty("message").GetString());
        Assert.Equal("NotFound", body.GetProperty("reason").GetString());
        Assert.Equal("secrets", body.GetProperty("details").GetProperty("kind").GetString());
        Assert.Equal(404, body.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Default_namespaces_and_cluster_info_exist()
    {
        var namespaces = await admin.CoreV1.ListNamespaceAsync();
        var names = namespaces.Items.Select(n => n.Metadata.Name).ToList();
        Assert.Contains("default", names);
        Assert.Contains("kube-system", names);
        Assert.Contains("kube-public", names);
        Assert.Contains("kube-node-lease", names);
        var clusterInfo = await admin.CoreV1.ReadNamespacedConfigMapAsync("cluster-info", "kube-public");
        var kubeconfig = KubernetesYaml.Deserialize<k8s.KubeConfigModels.K8SConfiguration>(clusterInfo.Data["kubeconfig"]);
        Assert.Equal(fixture.Cluster.ServerUri.ToString().TrimEnd('/'), kubeconfig.Clusters.Single().ClusterEndpoint.Server);
        Assert.Equal(fixture.Cluster.CaCertificatePem,
            Encoding.UTF8.GetString(Convert.FromBase64String(kubeconfig.Clusters.Single().ClusterEndpoint.CertificateAuthorityData)));
    }
}
