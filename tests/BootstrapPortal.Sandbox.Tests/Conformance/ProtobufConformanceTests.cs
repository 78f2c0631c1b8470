using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using BootstrapPortal.Sandbox.Server;
using k8s;
using k8s.Models;

namespace BootstrapPortal.Sandbox.Tests.Conformance;

/// <summary>Kubernetes protobuf request bodies (k8s.io/apimachinery pkg/runtime/serializer/protobuf/protobuf.go, k8s.io/api core/v1 generated.proto).</summary>
[Collection(SandboxCollection.Name)]
public sealed class ProtobufConformanceTests(SandboxFixture fixture)
{
    private readonly Kubernetes admin = fixture.Admin;

    [Fact]
    public async Task Nodes_registered_with_protobuf_bodies_keep_their_fields_and_drop_zero_values()
    {
        var name = TestNames.Unique("pb-node");
        var node = new V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name } },
            Spec = new V1NodeSpec { PodCIDR = "10.244.1.0/24", Taints = [new V1Taint { Key = "example.com/dedicated", Value = "x", Effect = "NoSchedule" }] },
            Status = new V1NodeStatus
            {
                Capacity = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("2"), ["memory"] = new("4Gi") },
                Addresses = [new V1NodeAddress { Type = "InternalIP", Address = "10.0.0.9" }],
                Conditions = [new V1NodeCondition { Type = "Ready", Status = "True", Reason = "KubeletReady", LastHeartbeatTime = DateTime.UtcNow }],
                NodeInfo = new V1NodeSystemInfo { KubeletVersion = "v1.33.4", OperatingSystem = "linux", Architecture = "amd64" },
            },
        };
        var json = JsonNode.Parse(KubernetesJson.Serialize(node))!.AsObject();
        json["metadata"]!["generateName"] = string.Empty;
        json["metadata"]!["generation"] = 0;
        var body = ProtobufDecoder.Encode(json);
        Assert.Equal([0x6b, 0x38, 0x73, 0x00], body[..4]);

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(admin.BaseUri, "/api/v1/nodes")) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.kubernetes.protobuf");
        using var response = await admin.HttpClient.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.False(created.GetProperty("metadata").TryGetProperty("generateName", out _));
        Assert.False(created.GetProperty("metadata").TryGetProperty("generation", out _));

        var stored = await admin.CoreV1.ReadNodeAsync(name);
        Assert.Equal("10.244.1.0/24", stored.Spec.PodCIDR);
        Assert.Equal("NoSchedule", stored.Spec.Taints.Single().Effect);
        Assert.Equal("4Gi", stored.Status.Capacity["memory"].ToString());
        Assert.Equal("10.0.0.9", stored.Status.Addresses.Single().Address);
        Assert.Equal("v1.33.4", stored.Status.NodeInfo.KubeletVersion);
        Assert.Equal("KubeletReady", stored.Status.Conditions.Single().Reason);
        Assert.Equal(name, stored.Metadata.Labels["kubernetes.io/hostname"]);
        await admin.CoreV1.DeleteNodeAsync(name);
    }
}

/// <summary>Aggregated discovery (k8s.io/apiserver pkg/endpoints/discovery/aggregated/handler.go), which kubectl 1.30+ asks for first.</summary>
[Collection(SandboxCollection.Name)]
public sealed class DiscoveryConformanceTests(SandboxFixture fixture)
{
    [Fact]
    public async Task Aggregated_discovery_lists_every_group_with_its_resources()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Admin.BaseUri, "/apis"));
        request.Headers.TryAddWithoutValidation("Accept", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json");
        using var response = await fixture.Admin.HttpClient.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("as=APIGroupDiscoveryList", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("apidiscovery.k8s.io/v2", document.GetProperty("apiVersion").GetString());
        var certificates = document.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("metadata").GetProperty("name").GetString() == "certificates.k8s.io");
        var csr = certificates.GetProperty("versions")[0].GetProperty("resources")[0];
        Assert.Equal("certificatesigningrequests", csr.GetProperty("resource").GetString());
        Assert.Equal("Cluster", csr.GetProperty("scope").GetString());
        Assert.Contains(csr.GetProperty("subresources").EnumerateArray(), s => s.GetProperty("subresource").GetString() == "approval");

        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Admin.BaseUri, "/apis"));
        again.Headers.TryAddWithoutValidation("Accept", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
        again.Headers.TryAddWithoutValidation("If-None-Match", response.Headers.ETag!.ToString());
        using var cached = await fixture.Admin.HttpClient.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, cached.StatusCode);

        var (code, output, error) = await KubectlRunner.RunAsync(fixture.Cluster.KubeconfigPath, KubectlRunner.Kubectl, "api-resources", "--api-group=coordination.k8s.io");
        Assert.True(code == 0, error);
        Assert.Contains("leases", output, StringComparison.Ordinal);
    }
}
