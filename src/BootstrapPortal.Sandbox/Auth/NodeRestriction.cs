using System.Text.Json.Nodes;
using BootstrapPortal.Sandbox.Server;

namespace BootstrapPortal.Sandbox.Auth;

/// <summary>
/// The NodeRestriction admission plugin (k/k plugin/pkg/admission/noderestriction/admission.go) for Nodes and node Leases: a node
/// may only create, change or delete its own Node, may not set or change labels in <c>node-restriction.kubernetes.io/</c> nor
/// unknown <c>kubernetes.io</c>/<c>k8s.io</c> labels (e.g. <c>node-role.kubernetes.io/*</c>), may not change its taints, and may
/// only touch its own Lease in kube-node-lease.
/// </summary>
internal static class NodeRestriction
{
    private static readonly HashSet<string> KubeletLabels = new(StringComparer.Ordinal)
    {
        "kubernetes.io/hostname", "kubernetes.io/os", "kubernetes.io/arch", "beta.kubernetes.io/os", "beta.kubernetes.io/arch",
        "beta.kubernetes.io/instance-type", "node.kubernetes.io/instance-type", "failure-domain.beta.kubernetes.io/zone",
        "failure-domain.beta.kubernetes.io/region", "topology.kubernetes.io/zone", "topology.kubernetes.io/region",
    };

    private static readonly string[] KubeletLabelNamespaces = ["kubelet.kubernetes.io", "node.kubernetes.io"];

    public static void Admit(SandboxUser user, ResourceDefinition resource, string? ns, string name, string operation, JsonObject? obj, JsonObject? old)
    {
        if (!NodeAuthorizer.IsNode(user.Name, user.Groups))
        {
            return;
        }

        var nodeName = user.Name[NodeAuthorizer.NodeUserPrefix.Length..];
        if (resource == ResourceCatalog.Nodes)
        {
            AdmitNode(nodeName, name, operation, obj, old);
        }
        else if (resource == ResourceCatalog.Leases)
        {
            if (ns != "kube-node-lease")
            {
                throw Forbidden(resource, name, "can only access leases in the \"kube-node-lease\" namespace");
            }

            if (name != nodeName)
            {
                throw Forbidden(resource, name, "can only access node lease with the same name as the requesting node");
            }
        }
    }

    private static void AdmitNode(string nodeName, string requested, string operation, JsonObject? obj, JsonObject? old)
    {
        var resource = ResourceCatalog.Nodes;
        if (requested != nodeName)
        {
            throw Forbidden(resource, requested, $"node \"{nodeName}\" is not allowed to modify node \"{requested}\"");
        }

        if (operation == "create" && obj is not null)
        {
            if (obj["spec"]?["configSource"] is JsonObject)
            {
                throw Forbidden(resource, requested, $"node \"{nodeName}\" is not allowed to create pods with a non-nil configSource");
            }

            var forbidden = ForbiddenLabels(Modified(Labels(obj), []));
            if (forbidden.Count > 0)
            {
                throw Forbidden(resource, requested, $"node \"{nodeName}\" is not allowed to set the following labels: {string.Join(", ", forbidden)}");
            }
        }

        if (operation == "update" && obj is not null && old is not null)
        {
            if (!JsonNode.DeepEquals(obj["spec"]?["taints"], old["spec"]?["taints"]))
            {
                throw Forbidden(resource, requested, $"node \"{nodeName}\" is not allowed to modify taints");
            }

            var forbidden = ForbiddenLabels(Modified(Labels(obj), Labels(old)));
            if (forbidden.Count > 0)
            {
                throw Forbidden(resource, requested, $"is not allowed to modify labels: {string.Join(", ", forbidden)}");
            }
        }
    }

    private static ApiException Forbidden(ResourceDefinition resource, string name, string reason) =>
        ApiException.Forbidden(resource.Group, resource.Plural, name, reason);

    private static Dictionary<string, string> Labels(JsonObject obj) =>
        (obj["metadata"]?["labels"] as JsonObject)?.ToDictionary(kv => kv.Key, kv => kv.Value?.GetValue<string>() ?? string.Empty, StringComparer.Ordinal)
        ?? new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Labels added, removed or changed (<c>getModifiedLabels</c>).</summary>
    private static HashSet<string> Modified(Dictionary<string, string> current, Dictionary<string, string> previous)
    {
        var modified = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in current)
        {
            if (!previous.TryGetValue(key, out var before) || before != value)
            {
                modified.Add(key);
            }
        }

        foreach (var key in previous.Keys.Where(k => !current.ContainsKey(k)))
        {
            modified.Add(key);
        }

        return modified;
    }

    private static List<string> ForbiddenLabels(HashSet<string> modified)
    {
        var forbidden = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var label in modified)
        {
            var slash = label.IndexOf('/', StringComparison.Ordinal);
            var prefix = slash < 0 ? string.Empty : label[..slash];
            if (prefix == "node-restriction.kubernetes.io" || prefix.EndsWith(".node-restriction.kubernetes.io", StringComparison.Ordinal))
            {
                forbidden.Add(label);
            }

            var kubernetesLabel = prefix is "kubernetes.io" or "k8s.io" || prefix.EndsWith(".kubernetes.io", StringComparison.Ordinal)
                || prefix.EndsWith(".k8s.io", StringComparison.Ordinal);
            var kubeletLabel = KubeletLabels.Contains(label)
                || KubeletLabelNamespaces.Any(n => prefix == n || prefix.EndsWith("." + n, StringComparison.Ordinal));
            if (kubernetesLabel && !kubeletLabel)
            {
                forbidden.Add(label);
            }
        }

        return [.. forbidden];
    }
}
