using k8s.Models;

namespace BootstrapPortal.Core.Ledger;

/// <summary>Builds the board's rows from the cached Nodes and the ledger's facts (pure).</summary>
public static class NodeBoardBuilder
{
    public static NodeBoard Build(IEnumerable<V1Node> nodes, IReadOnlyDictionary<string, NodeLedgerFacts> facts, RotationPolicy policy, DateTimeOffset now,
        string? error = null, long version = 0)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(facts);
        var rows = nodes
            .Where(n => !string.IsNullOrEmpty(n?.Metadata?.Name))
            .Select(n =>
            {
                var name = n.Metadata.Name;
                var f = facts.GetValueOrDefault(name) ?? NodeLedgerFacts.None(name);
                var ready = ReadyOf(n);
                return new NodeCertificateRow(name, ready, n.Status?.NodeInfo?.KubeletVersion, f.Client, f.Serving, f.ClientPending, f.ServingPending,
                    NodeRotationHealth.Evaluate(f, ready, policy, now), f.JoinedWithToken);
            })
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .ToArray();
        return new NodeBoard(rows, now, true, error) { Version = version };
    }

    /// <summary>The Ready condition: true or false, null when the node reports none (or Unknown).</summary>
    public static bool? ReadyOf(V1Node node)
    {
        var condition = node?.Status?.Conditions?.FirstOrDefault(c => c?.Type == "Ready");
        return condition?.Status switch
        {
            "True" => true,
            "False" => false,
            _ => null,
        };
    }
}
