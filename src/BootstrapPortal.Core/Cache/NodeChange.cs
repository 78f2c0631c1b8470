using k8s;
using k8s.Models;

namespace BootstrapPortal.Core.Cache;

/// <summary>What a Node update moved, as far as the portal's readers are concerned.</summary>
public enum NodeChangeKind
{
    /// <summary>The same object (the same instance, or the same uid and resourceVersion).</summary>
    Unchanged,

    /// <summary>
    /// Only the kubelet's periodic status report moved: condition heartbeat times, <c>resourceVersion</c>,
    /// <c>managedFields</c>, <c>generation</c>, the image and volume lists. Nothing a page shows or a verdict judges.
    /// </summary>
    StatusReport,

    /// <summary>Something a reader shows or judges: the Node appeared or went away, or its identity, labels, spec, addresses, capacity, system info or a condition's status, reason, message or transition time changed.</summary>
    Content,
}

/// <summary>
/// The one rule for "what changed in a Node". A kubelet updates its Node's status every few seconds (upstream
/// k/k pkg/kubelet/kubelet_node_status.go: <c>nodeStatusUpdateFrequency</c>, and at least every <c>nodeStatusReportFrequency</c>
/// even when nothing changed), which moves each condition's <c>lastHeartbeatTime</c>, the <c>resourceVersion</c> and the
/// <c>managedFields</c> times. On a fleet of thousands of Nodes those reports are almost every Node event; read models use
/// this rule to tell them from the changes they show. Pure and total: any field it does not know as report noise counts as
/// content, so a new field errs on the side of rebuilding.
/// </summary>
public static class NodeChange
{
    /// <summary>What moved between <paramref name="previous"/> and <paramref name="current"/>; a Node appearing or going away (either null) is content.</summary>
    public static NodeChangeKind Between(V1Node? previous, V1Node? current)
    {
        if (ReferenceEquals(previous, current))
        {
            return NodeChangeKind.Unchanged;
        }

        if (previous is null || current is null)
        {
            return NodeChangeKind.Content;
        }

        if (SameVersion(previous.Metadata, current.Metadata))
        {
            return NodeChangeKind.Unchanged;
        }

        return SameMetadata(previous.Metadata, current.Metadata) && SameJson(previous.Spec, current.Spec) && SameStatus(previous.Status, current.Status)
            ? NodeChangeKind.StatusReport
            : NodeChangeKind.Content;
    }

    /// <summary>Whether a cache change moved nothing a reader shows (a status report, or the same object again).</summary>
    public static bool IsStatusReportOnly(ResourceChange<V1Node> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change.Type == ResourceChangeType.Modified && Between(change.Previous, change.Item) != NodeChangeKind.Content;
    }

    private static bool SameVersion(V1ObjectMeta? a, V1ObjectMeta? b) =>
        a is not null && b is not null && !string.IsNullOrEmpty(a.ResourceVersion)
        && string.Equals(a.ResourceVersion, b.ResourceVersion, StringComparison.Ordinal)
        && string.Equals(a.Uid, b.Uid, StringComparison.Ordinal) && string.Equals(a.Name, b.Name, StringComparison.Ordinal);

    // resourceVersion, managedFields, generation and selfLink are bookkeeping of the API server, moved by every write.
    private static bool SameMetadata(V1ObjectMeta? a, V1ObjectMeta? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        return string.Equals(a.Name, b.Name, StringComparison.Ordinal) && string.Equals(a.NamespaceProperty, b.NamespaceProperty, StringComparison.Ordinal)
            && string.Equals(a.Uid, b.Uid, StringComparison.Ordinal) && a.CreationTimestamp == b.CreationTimestamp
            && a.DeletionTimestamp == b.DeletionTimestamp && a.DeletionGracePeriodSeconds == b.DeletionGracePeriodSeconds
            && SameMap(a.Labels, b.Labels) && SameMap(a.Annotations, b.Annotations)
            && SameList(a.Finalizers, b.Finalizers, static (x, y) => string.Equals(x, y, StringComparison.Ordinal))
            && SameList(a.OwnerReferences, b.OwnerReferences, static (x, y) => string.Equals(x?.Uid, y?.Uid, StringComparison.Ordinal)
                && string.Equals(x?.Kind, y?.Kind, StringComparison.Ordinal) && string.Equals(x?.Name, y?.Name, StringComparison.Ordinal)
                && x?.Controller == y?.Controller);
    }

    // The images and volumes lists are the kubelet's inventory; nothing here shows or judges them.
    private static bool SameStatus(V1NodeStatus? a, V1NodeStatus? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        return string.Equals(a.Phase, b.Phase, StringComparison.Ordinal)
            && SameList(a.Addresses, b.Addresses, static (x, y) => string.Equals(x?.Type, y?.Type, StringComparison.Ordinal)
                && string.Equals(x?.Address, y?.Address, StringComparison.Ordinal))
            && SameQuantities(a.Capacity, b.Capacity) && SameQuantities(a.Allocatable, b.Allocatable)
            && SameConditions(a.Conditions, b.Conditions)
            && SameJson(a.NodeInfo, b.NodeInfo) && SameJson(a.DaemonEndpoints, b.DaemonEndpoints) && SameJson(a.Config, b.Config)
            && SameJson(a.Features, b.Features) && SameJson(a.RuntimeHandlers, b.RuntimeHandlers);
    }

    // A condition's lastHeartbeatTime is the report itself; its status, reason, message and transition time are what it says.
    private static bool SameConditions(IList<V1NodeCondition>? a, IList<V1NodeCondition>? b)
    {
        var countA = a?.Count ?? 0;
        if (countA != (b?.Count ?? 0))
        {
            return false;
        }

        for (var i = 0; i < countA; i++)
        {
            var x = a![i];
            var y = string.Equals(b![i]?.Type, x?.Type, StringComparison.Ordinal) ? b[i] : b.FirstOrDefault(c => string.Equals(c?.Type, x?.Type, StringComparison.Ordinal));
            if (x is null || y is null)
            {
                if (x is not null || y is not null)
                {
                    return false;
                }

                continue;
            }

            if (!string.Equals(x.Status, y.Status, StringComparison.Ordinal) || !string.Equals(x.Reason, y.Reason, StringComparison.Ordinal)
                || !string.Equals(x.Message, y.Message, StringComparison.Ordinal) || x.LastTransitionTime != y.LastTransitionTime)
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameQuantities(IDictionary<string, ResourceQuantity>? a, IDictionary<string, ResourceQuantity>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }

        foreach (var (key, value) in a ?? new Dictionary<string, ResourceQuantity>())
        {
            if (!b!.TryGetValue(key, out var other) || !string.Equals(value?.ToString(), other?.ToString(), StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameMap(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }

        foreach (var (key, value) in a ?? new Dictionary<string, string>())
        {
            if (!b!.TryGetValue(key, out var other) || !string.Equals(value, other, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameList<T>(IList<T>? a, IList<T>? b, Func<T, T, bool> same)
    {
        var count = a?.Count ?? 0;
        if (count != (b?.Count ?? 0))
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            if (!same(a![i], b![i]))
            {
                return false;
            }
        }

        return true;
    }

    // Small parts (the spec, the system info, endpoints) compared by their wire form: every field counts, known or not.
    private static bool SameJson<T>(T? a, T? b)
        where T : class
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        return string.Equals(KubernetesJson.Serialize(a), KubernetesJson.Serialize(b), StringComparison.Ordinal);
    }
}
