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
