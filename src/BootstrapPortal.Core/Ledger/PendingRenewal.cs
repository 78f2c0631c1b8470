namespace BootstrapPortal.Core.Ledger;

/// <summary>
/// Requests for a new certificate of one kind that have not produced one since the current certificate was issued:
/// <paramref name="Since"/> is the first of them, <paramref name="Attempts"/> how many, <paramref name="LatestName"/> the newest,
/// and <paramref name="StillPending"/> whether the newest is still waiting for a decision.
/// </summary>
public sealed record PendingRenewal(DateTimeOffset Since, int Attempts, string LatestName, bool StillPending);
