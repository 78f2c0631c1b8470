using BootstrapPortal.Core.Rbac;
using k8s.Models;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// What verdicts are judged against: the existing Nodes (names and <c>status.addresses</c>), the RBAC policy built from the
/// cached RBAC objects, and the limits. Build one per snapshot and reuse it for every CSR of that snapshot.
/// </summary>
public sealed class CsrVerdictContext
{
    private readonly Dictionary<string, V1Node> _nodes;

    public CsrVerdictContext(IEnumerable<V1Node> nodes, RbacPolicy rbac, TimeSpan maxRequestedLifetime)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(rbac);
        _nodes = nodes.Where(n => n?.Metadata?.Name is not null)
            .GroupBy(n => n.Metadata.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        Rbac = rbac;
        MaxRequestedLifetime = maxRequestedLifetime;
    }

    public RbacPolicy Rbac { get; }

    public TimeSpan MaxRequestedLifetime { get; }

    public V1Node? FindNode(string? name) => name is not null && _nodes.TryGetValue(name, out var node) ? node : null;
}
