using BootstrapPortal.Core.Cache;
using k8s.Models;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// The Nodes of a new verdict context, indexed by name, and what moved since a previous context: the names whose Node
/// appeared, went away or changed what a verdict reads (<see cref="Content"/>), and the names whose Node only sent a status
/// report (<see cref="Reported"/>, see <see cref="NodeChange"/>). The facts of an unchanged Node are the previous context's.
/// </summary>
internal sealed class CsrNodeUpdate
{
    private CsrNodeUpdate(Dictionary<string, V1Node> nodes, Dictionary<string, NodeFacts> facts, HashSet<string> content, HashSet<string> reported)
    {
        Nodes = nodes;
        Facts = facts;
        Content = content;
        Reported = reported;
    }

    public Dictionary<string, V1Node> Nodes { get; }

    public Dictionary<string, NodeFacts> Facts { get; }

    /// <summary>Names whose Node appeared, went away or changed content.</summary>
    public HashSet<string> Content { get; }

    /// <summary>Names whose Node only moved its status report (heartbeat times, bookkeeping).</summary>
    public HashSet<string> Reported { get; }

    /// <summary>Indexes <paramref name="nodes"/> (the last of a duplicated name wins) against <paramref name="before"/> (null: everything is new).</summary>
    public static CsrNodeUpdate Between(CsrVerdictContext? before, IEnumerable<V1Node> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var index = new Dictionary<string, V1Node>(nodes is IReadOnlyCollection<V1Node> c ? c.Count : 0, StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (node?.Metadata?.Name is { } name)
            {
                index[name] = node;
            }
        }

        var facts = new Dictionary<string, NodeFacts>(index.Count, StringComparer.Ordinal);
        var content = new HashSet<string>(StringComparer.Ordinal);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, node) in index)
        {
            var previous = before?.FindNode(name);
            var kind = before is null ? NodeChangeKind.Content : NodeChange.Between(previous, node);
            facts[name] = kind == NodeChangeKind.Unchanged && before!.FindNodeFacts(name) is { } known ? known : NodeFacts.From(node);
            if (kind == NodeChangeKind.Content)
            {
                content.Add(name);
            }
            else if (kind == NodeChangeKind.StatusReport)
            {
                reported.Add(name);
            }
        }

        if (before is not null)
        {
            foreach (var name in before.NodeNames)
            {
                if (!index.ContainsKey(name))
                {
                    content.Add(name);
                }
            }
        }

        return new CsrNodeUpdate(index, facts, content, reported);
    }
}
