namespace BootstrapPortal.Core.Ledger;

/// <summary>
/// What the Nodes list can be ordered by (ties by name). <see cref="Health"/> ascending is the board's own order: unhealthy
/// first, then warnings, then healthy, each by soonest certificate expiry.
/// </summary>
public enum NodeSortKey
{
    Name,
    Health,
    NextExpiry,
    KubeletVersion,
    Token,
}
