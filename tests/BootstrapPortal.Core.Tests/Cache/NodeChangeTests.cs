using System.Text.Json.Nodes;
using BootstrapPortal.Core.Cache;
using k8s;
using k8s.Models;

namespace BootstrapPortal.Core.Tests.Cache;

/// <summary>
/// The rule for "what changed in a Node", over the JSON a kubelet's Node carries (as kube-apiserver serves it): a status
/// report that only moved heartbeat times and bookkeeping is told apart from every change a reader shows or judges.
/// </summary>
public sealed class NodeChangeTests
{
    // A kubelet-registered Node as `kubectl get node -o json` prints it (trimmed to the fields a kubelet sets).
    private const string NodeJson = """
        {
          "apiVersion": "v1",
          "kind": "Node",
          "metadata": {
            "name": "worker-7",
            "uid": "5b1c9f7e-2f4b-4f39-9d8a-0f5d7c1e2a11",
            "resourceVersion": "48211",
            "creationTimestamp": "2026-11-30T08:14:02Z",
            "labels": {
              "kubernetes.io/arch": "amd64",
              "kubernetes.io/hostname": "worker-7",
              "kubernetes.io/os": "linux"
            },
            "annotations": {
              "node.alpha.kubernetes.io/ttl": "0",
              "volumes.kubernetes.io/controller-managed-attach-detach": "true"
            },
            "managedFields": [
              {
                "manager": "kubelet",
                "operation": "Update",
                "apiVersion": "v1",
                "time": "2026-12-01T10:00:00Z",
                "fieldsType": "FieldsV1",
                "fieldsV1": { "f:status": { "f:conditions": {} } },
                "subresource": "status"
              }
            ]
          },
          "spec": {
            "podCIDR": "10.244.7.0/24",
            "podCIDRs": ["10.244.7.0/24"]
          },
          "status": {
            "capacity": { "cpu": "4", "memory": "16318412Ki", "pods": "110" },
            "allocatable": { "cpu": "4", "memory": "16216012Ki", "pods": "110" },
            "conditions": [
              {
                "type": "MemoryPressure",
                "status": "False",
                "lastHeartbeatTime": "2026-12-01T10:00:00Z",
                "lastTransitionTime": "2026-11-30T08:14:02Z",
                "reason": "KubeletHasSufficientMemory",
                "message": "kubelet has sufficient memory available"
              },
              {
                "type": "Ready",
                "status": "True",
                "lastHeartbeatTime": "2026-12-01T10:00:00Z",
                "lastTransitionTime": "2026-11-30T08:14:33Z",
                "reason": "KubeletReady",
                "message": "kubelet is posting ready status"
              }
            ],
            "addresses": [
              { "type": "InternalIP", "address": "10.0.3.17" },
              { "type": "Hostname", "address": "worker-7" }
            ],
            "daemonEndpoints": { "kubeletEndpoint": { "Port": 10250 } },
            "nodeInfo": {
              "machineID": "9f1c6e0b2a1d4c7e8f90a1b2c3d4e5f6",
              "systemUUID": "ec2a1b3c-4d5e-6f70-8192-a3b4c5d6e7f8",
              "bootID": "0d6c1f8e-7b2a-4c39-8e5d-1f2a3b4c5d6e",
              "kernelVersion": "6.1.0-27-amd64",
              "osImage": "Debian GNU/Linux 12 (bookworm)",
              "containerRuntimeVersion": "containerd://1.7.24",
              "kubeletVersion": "v1.32.3",
              "kubeProxyVersion": "v1.32.3",
              "operatingSystem": "linux",
              "architecture": "amd64"
            },
            "images": [
              { "names": ["registry.k8s.io/pause:3.10"], "sizeBytes": 320368 }
            ]
          }
        }
        """;

    public static TheoryData<string, NodeChangeKind> Changes => new()
    {
        { "heartbeat", NodeChangeKind.StatusReport },
        { "heartbeat, no managedFields", NodeChangeKind.StatusReport },
        { "images pulled", NodeChangeKind.StatusReport },
        { "same version", NodeChangeKind.Unchanged },
        { "ready flip", NodeChangeKind.Content },
        { "ready reason", NodeChangeKind.Content },
        { "memory pressure", NodeChangeKind.Content },
        { "condition added", NodeChangeKind.Content },
        { "label", NodeChangeKind.Content },
        { "annotation", NodeChangeKind.Content },
        { "deletion", NodeChangeKind.Content },
        { "address", NodeChangeKind.Content },
        { "capacity", NodeChangeKind.Content },
        { "kubelet upgrade", NodeChangeKind.Content },
        { "taint", NodeChangeKind.Content },
        { "cordon", NodeChangeKind.Content },
        { "recreated", NodeChangeKind.Content },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void A_node_update_is_classified_by_what_it_moved(string change, NodeChangeKind expected)
    {
        var before = Parse(JsonNode.Parse(NodeJson)!);
        var after = JsonNode.Parse(NodeJson)!;
        var status = after["status"]!;
        var ready = status["conditions"]![1]!;
        if (change != "same version")
        {
            after["metadata"]!["resourceVersion"] = "48290";
            after["metadata"]!["managedFields"]![0]!["time"] = "2026-12-01T10:00:10Z";
        }

        switch (change)
        {
            case "heartbeat":
                foreach (var condition in status["conditions"]!.AsArray())
                {
                    condition!["lastHeartbeatTime"] = "2026-12-01T10:00:10Z";
                }

                break;
            case "heartbeat, no managedFields":
                ready["lastHeartbeatTime"] = "2026-12-01T10:00:10Z";
                after["metadata"]!.AsObject().Remove("managedFields");
                break;
            case "images pulled":
                status["images"]!.AsArray().Add(JsonNode.Parse("""{ "names": ["registry.k8s.io/kube-proxy:v1.32.3"], "sizeBytes": 30890141 }"""));
                break;
            case "ready flip":
                ready["status"] = "Unknown";
                ready["reason"] = "NodeStatusUnknown";
                ready["message"] = "Kubelet stopped posting node status.";
                ready["lastTransitionTime"] = "2026-12-01T10:00:50Z";
                break;
            case "ready reason":
                ready["reason"] = "KubeletNotReady";
                break;
            case "memory pressure":
                status["conditions"]![0]!["status"] = "True";
                break;
            case "condition added":
                status["conditions"]!.AsArray().Add(JsonNode.Parse(
                    """{ "type": "DiskPressure", "status": "False", "lastHeartbeatTime": "2026-12-01T10:00:10Z", "lastTransitionTime": "2026-12-01T10:00:10Z", "reason": "KubeletHasNoDiskPressure" }"""));
                break;
            case "label":
                after["metadata"]!["labels"]!["node-role.kubernetes.io/worker"] = string.Empty;
                break;
            case "annotation":
                after["metadata"]!["annotations"]!["node.alpha.kubernetes.io/ttl"] = "15";
                break;
            case "deletion":
                after["metadata"]!["deletionTimestamp"] = "2026-12-01T10:00:10Z";
                break;
            case "address":
                status["addresses"]![0]!["address"] = "10.0.3.18";
                break;
            case "capacity":
                status["capacity"]!["memory"] = "32636824Ki";
                break;
            case "kubelet upgrade":
                status["nodeInfo"]!["kubeletVersion"] = "v1.33.0";
                break;
            case "taint":
                after["spec"]!["taints"] = JsonNode.Parse("""[{ "key": "node.kubernetes.io/unreachable", "effect": "NoSchedule", "timeAdded": "2026-12-01T10:00:10Z" }]""");
                break;
            case "cordon":
                after["spec"]!["unschedulable"] = true;
                break;
            case "recreated":
                after["metadata"]!["uid"] = "0e4a7d2c-9b1f-4e6a-8c3d-2b5f7a9e1c40";
                after["metadata"]!["creationTimestamp"] = "2026-12-01T10:00:09Z";
                break;
            default:
                break;
        }

        Assert.Equal(expected, NodeChange.Between(before, Parse(after)));
    }

    [Fact]
    public void A_node_that_appears_or_goes_away_is_content_and_the_same_instance_is_unchanged()
    {
        var node = Parse(JsonNode.Parse(NodeJson)!);
        Assert.Equal(NodeChangeKind.Content, NodeChange.Between(null, node));
        Assert.Equal(NodeChangeKind.Content, NodeChange.Between(node, null));
        Assert.Equal(NodeChangeKind.Unchanged, NodeChange.Between(node, node));
        Assert.Equal(NodeChangeKind.Unchanged, NodeChange.Between(null, null));
    }

    [Fact]
    public void Only_a_modification_can_be_a_status_report()
    {
        var before = Parse(JsonNode.Parse(NodeJson)!);
        var beat = JsonNode.Parse(NodeJson)!;
        beat["metadata"]!["resourceVersion"] = "48290";
        beat["status"]!["conditions"]![1]!["lastHeartbeatTime"] = "2026-12-01T10:00:10Z";
        var after = Parse(beat);

        Assert.True(NodeChange.IsStatusReportOnly(new ResourceChange<V1Node>(ResourceChangeType.Modified, after, before)));
        Assert.False(NodeChange.IsStatusReportOnly(new ResourceChange<V1Node>(ResourceChangeType.Added, after, null)));
        Assert.False(NodeChange.IsStatusReportOnly(new ResourceChange<V1Node>(ResourceChangeType.Deleted, after, before)));
        Assert.False(NodeChange.IsStatusReportOnly(new ResourceChange<V1Node>(ResourceChangeType.Reset, null, null)));
    }

    [Fact]
    public void Nodes_without_status_or_metadata_are_judged_without_throwing()
    {
        var bare = new V1Node();
        var named = new V1Node { Metadata = new V1ObjectMeta { Name = "bare" } };
        Assert.Equal(NodeChangeKind.Content, NodeChange.Between(bare, named));
        Assert.Equal(NodeChangeKind.StatusReport, NodeChange.Between(named, new V1Node { Metadata = new V1ObjectMeta { Name = "bare" } }));
        Assert.Equal(NodeChangeKind.Content, NodeChange.Between(named, new V1Node { Metadata = new V1ObjectMeta { Name = "bare" }, Status = new V1NodeStatus() }));
    }

    private static V1Node Parse(JsonNode json) => KubernetesJson.Deserialize<V1Node>(json.ToJsonString());
}
