namespace BootstrapPortal.Core.Flow;

/// <summary>
/// Every node's flow, built once per change of its inputs and shared by every session: lookups by node, counts per stage and
/// server-side pages.
/// </summary>
public sealed class BootstrapFlowSnapshot
{
    private readonly Dictionary<string, NodeFlow> _byName;

    public BootstrapFlowSnapshot(IReadOnlyList<NodeFlow> flows, DateTimeOffset builtAt, bool loaded)
    {
        ArgumentNullException.ThrowIfNull(flows);
        Flows = flows;
        BuiltAt = builtAt;
        Loaded = loaded;
        _byName = flows.ToDictionary(f => f.Node, StringComparer.Ordinal);
        ByStage = Enum.GetValues<BootstrapStage>().ToDictionary(s => s, s => flows.Count(f => f.Stage == s));
        Blocked = flows.Count(f => f.IsBlocked);
        NeedsAttention = flows.Count(f => f.Blocker is not null);
    }

    public static BootstrapFlowSnapshot Empty { get; } = new([], DateTimeOffset.MinValue, false);

    /// <summary>Sorted by node name.</summary>
    public IReadOnlyList<NodeFlow> Flows { get; }

    public DateTimeOffset BuiltAt { get; }

    /// <summary>Whether the caches it was built from had listed (before that, every node reads as not started).</summary>
    public bool Loaded { get; }

    public IReadOnlyDictionary<BootstrapStage, int> ByStage { get; }

    /// <summary>Nodes whose flow is broken somewhere.</summary>
    public int Blocked { get; }

    /// <summary>Nodes with any blocker (broken, or waiting for a person).</summary>
    public int NeedsAttention { get; }

    public NodeFlow? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>One page of the flows matching <paramref name="query"/>: blocked first, then waiting for a person, then by name.</summary>
    public FlowPage Page(FlowQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var matching = Flows.Where(query.Matches)
            .OrderByDescending(f => f.Blocker is null ? -1 : (int)f.Blocker.Severity)
            .ThenBy(f => f.Node, StringComparer.Ordinal)
            .ToArray();
        var size = Math.Clamp(query.PageSize, 1, FlowQuery.MaxPageSize);
        var pages = Math.Max(1, (matching.Length + size - 1) / size);
        var page = Math.Clamp(query.Page, 1, pages);
        return new FlowPage([.. matching.Skip((page - 1) * size).Take(size)], matching.Length, page, size);
    }
}
