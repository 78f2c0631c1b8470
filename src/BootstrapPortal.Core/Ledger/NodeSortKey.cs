namespace BootstrapPortal.Core.Ledger;

/// <summary>What the Nodes list can be ordered by (ties by name). <see cref="Health"/> orders by rotation status (Healthy, Warning, Unhealthy).</summary>
public enum NodeSortKey
{
    Name,
    Health,
    NextExpiry,
    KubeletVersion,
    Token,
}
