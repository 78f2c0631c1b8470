using System.Net;
using k8s.Models;

namespace BootstrapPortal.Sandbox.Kubelets;

/// <summary>
/// The Node a kubelet registers and the status it reports (k/k pkg/kubelet/kubelet_node_status.go, nodestatus/setters.go):
/// hostname/os/arch labels, InternalIP and Hostname addresses, the four conditions, capacity, daemon endpoints and nodeInfo.
/// Shared by the simulated kubelets and the fleet's preloaded nodes.
/// </summary>
internal static class KubeletNodeObjects
{
    public static V1Node Node(string nodeName, IPAddress internalIp, string kubeletVersion, DateTime now) => new()
    {
        ApiVersion = "v1",
        Kind = "Node",
        Metadata = new V1ObjectMeta
        {
            Name = nodeName,
            Labels = new Dictionary<string, string>
            {
                ["beta.kubernetes.io/arch"] = "amd64",
                ["beta.kubernetes.io/os"] = "linux",
                ["kubernetes.io/arch"] = "amd64",
                ["kubernetes.io/hostname"] = nodeName,
                ["kubernetes.io/os"] = "linux",
            },
            Annotations = new Dictionary<string, string>
            {
                ["node.alpha.kubernetes.io/ttl"] = "0",
                ["volumes.kubernetes.io/controller-managed-attach-detach"] = "true",
            },
        },
        Spec = new V1NodeSpec(),
        Status = Status(nodeName, internalIp, kubeletVersion, now, null),
    };

    /// <summary>A Ready status; transition times and machine identity carry over from <paramref name="previous"/>.</summary>
    public static V1NodeStatus Status(string nodeName, IPAddress internalIp, string kubeletVersion, DateTime now, V1NodeStatus? previous)
    {
        V1NodeCondition Condition(string type, string status, string reason, string message)
        {
            var old = previous?.Conditions?.FirstOrDefault(c => c.Type == type);
            return new V1NodeCondition
            {
                Type = type,
                Status = status,
                Reason = reason,
                Message = message,
                LastHeartbeatTime = now,
                LastTransitionTime = old is not null && old.Status == status ? old.LastTransitionTime : now,
            };
        }

        var capacity = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new("2"),
            ["ephemeral-storage"] = new("20Gi"),
            ["memory"] = new("4Gi"),
            ["pods"] = new("110"),
        };
        return new V1NodeStatus
        {
            Addresses =
            [
                new V1NodeAddress { Type = "InternalIP", Address = internalIp.ToString() },
                new V1NodeAddress { Type = "Hostname", Address = nodeName },
            ],
            Conditions =
            [
                Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
            ],
            Capacity = capacity,
            Allocatable = capacity,
            DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = 10250 } },
            NodeInfo = new V1NodeSystemInfo
            {
                Architecture = "amd64",
                OperatingSystem = "linux",
                OsImage = "Debian GNU/Linux 12 (bookworm)",
                KernelVersion = "6.1.0-28-amd64",
                ContainerRuntimeVersion = "containerd://1.7.24",
                KubeletVersion = kubeletVersion,
                KubeProxyVersion = kubeletVersion,
                MachineID = previous?.NodeInfo?.MachineID ?? Guid.NewGuid().ToString("N"),
                SystemUUID = previous?.NodeInfo?.SystemUUID ?? Guid.NewGuid().ToString(),
                BootID = previous?.NodeInfo?.BootID ?? Guid.NewGuid().ToString(),
            },
        };
    }
}
