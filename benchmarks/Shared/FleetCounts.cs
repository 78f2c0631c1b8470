namespace BootstrapPortal.Benchmarks.Fleet;

/// <summary>What a cluster holds of each kind a fleet is made of.</summary>
public sealed record FleetCounts(int Nodes, int Csrs, int PendingCsrs, int Tokens, int Bindings)
{
    /// <summary>What must still be created so the cluster holds at least <paramref name="target"/>.</summary>
    public FleetShape Missing(FleetShape target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var pending = Math.Max(0, target.PendingCsrs - PendingCsrs);
        var issued = Math.Max(0, target.IssuedCsrs - (Csrs - PendingCsrs));
        return new FleetShape(Math.Max(0, target.Nodes - Nodes), pending + issued, pending, Math.Max(0, target.Tokens - Tokens), Math.Max(0, target.Bindings - Bindings));
    }
}
