namespace BootstrapPortal.Sandbox.Fleet;

/// <summary>
/// The fleet scenario of a running sandbox (<see cref="SandboxCluster.Fleet"/>): what was preloaded, how long that took, and
/// the nodes the fleet agent keeps live.
/// </summary>
public sealed class SandboxFleet
{
    private readonly Dictionary<string, FleetNode> byName;

    internal SandboxFleet(SandboxFleetOptions options, IReadOnlyList<FleetNode> nodes, int issuedCsrs, int pendingCsrs, int tokens, int bindings,
        TimeSpan seedDuration)
    {
        Options = options;
        Nodes = nodes;
        IssuedCsrs = issuedCsrs;
        PendingCsrs = pendingCsrs;
        Tokens = tokens;
        Bindings = bindings;
        SeedDuration = seedDuration;
        byName = nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
    }

    public SandboxFleetOptions Options { get; }

    /// <summary>Every fleet node (registered or, for a fleet without nodes, the nodes its CSRs belong to).</summary>
    public IReadOnlyList<FleetNode> Nodes { get; }

    public int IssuedCsrs { get; }

    public int PendingCsrs { get; }

    public int Tokens { get; }

    public int Bindings { get; }

    /// <summary>How long generating and storing the fleet took at start.</summary>
    public TimeSpan SeedDuration { get; }

    public FleetNode? Find(string name) => byName.GetValueOrDefault(name);
}
