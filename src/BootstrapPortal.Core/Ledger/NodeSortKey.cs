namespace BootstrapPortal.Core.Ledger;

/// <summary>
/// What the Nodes list can be ordered by (ties by name). <see cref="Health"/> ascending is the board's own order: unhealthy
/// first, then warnings, then healthy, each by soonest certificate expiry. <see cref="Ready"/> ascending: NotReady, then
/// unknown, then Ready; <see cref="Rotation"/> ascending: unhealthy, warning, healthy. The expiry keys order a node without
/// that certificate in the ledger after every expiry.
/// </summary>
public enum NodeSortKey
{
    Name,
    Health,
    NextExpiry,
    KubeletVersion,
    Token,
    Ready,
    Rotation,
    ClientExpiry,
    ServingExpiry,
}
