namespace BootstrapPortal.Benchmarks.Fleet;

/// <summary>How big a fleet is: nodes, CSRs (of which <see cref="PendingCsrs"/> pending), bootstrap tokens and RBAC bindings.</summary>
public sealed record FleetShape(int Nodes, int Csrs, int PendingCsrs, int Tokens, int Bindings)
{
    /// <summary>The fleet the fleet-scale targets are stated for.</summary>
    public static FleetShape Target { get; } = new(5000, 10000, 2000, 500, 2000);

    public int IssuedCsrs => Math.Max(0, Csrs - PendingCsrs);
}
