namespace BootstrapPortal.Core.Text;

/// <summary>The Overview's attention items: a count with what it counts, and one sentence on what to do.</summary>
public static class OverviewText
{
    public static readonly TextFormat OneCsrPending = new("1 CSR pending");
    public static readonly TextFormat CsrsPending = new("{0} CSRs pending");
    public static readonly TextFormat OldestPending = new("Oldest: {0}, waiting {1}.");
    public static readonly TextFormat NothingWaits = new("Nothing waits for a decision.");
    public static readonly TextFormat OneCsrFails = new("1 pending CSR fails its verdict");
    public static readonly TextFormat CsrsFail = new("{0} pending CSRs fail their verdict");
    public static readonly TextFormat FailingAdvice = new("Approving one would issue a certificate the checks reject; deny it or find out who sent it.");
    public static readonly TextFormat OneNodeExpiring = new("1 node has a certificate expiring soon");
    public static readonly TextFormat NodesExpiring = new("{0} nodes have a certificate expiring soon");
    public static readonly TextFormat ExpiringWithin = new("Within {0} (expired ones included).");
    public static readonly TextFormat OneNodeUnhealthy = new("1 node's certificate rotation is unhealthy");
    public static readonly TextFormat NodesUnhealthy = new("{0} nodes' certificate rotation is unhealthy");
    public static readonly TextFormat UnhealthyAdvice = new("A renewal stuck pending, overdue, or a certificate that expired or does not chain to the cluster CA.");
    public static readonly TextFormat OneNodeBlocked = new("1 node is blocked in the bootstrap flow");
    public static readonly TextFormat NodesBlocked = new("{0} nodes are blocked in the bootstrap flow");
    public static readonly TextFormat BlockedAdvice = new("Each with the step it stopped at and why.");
    public static readonly TextFormat OneTokenExpiring = new("1 token expires soon");
    public static readonly TextFormat TokensExpiring = new("{0} tokens expire soon");
    public static readonly TextFormat ExpiringTokensAdvice = new("Nodes that have not joined yet need them before they lapse.");
    public static readonly TextFormat OneTokenNeverExpires = new("1 token never expires");
    public static readonly TextFormat TokensNeverExpire = new("{0} tokens never expire");
    public static readonly TextFormat NeverExpiringAdvice = new("A cluster-join credential without an end date; give it one or delete it.");
    public static readonly TextFormat OneTokenMalformed = new("1 token Secret is malformed");
    public static readonly TextFormat TokensMalformed = new("{0} token Secrets are malformed");
    public static readonly TextFormat MalformedAdvice = new("The API server ignores or rejects them.");
    public static readonly TextFormat OnePermissionMissing = new("1 bootstrap permission is missing");
    public static readonly TextFormat PermissionsMissing = new("{0} bootstrap permissions are missing");
    public static readonly TextFormat ChecklistAdvice = new("The RBAC bindings the flow needs; the checklist shows what breaks and a fix.");
    public static readonly TextFormat OnePreflightFails = new("1 preflight check fails");
    public static readonly TextFormat PreflightsFail = new("{0} preflight checks fail");
    public static readonly TextFormat PreflightNotRun = new("The preflight has not run yet; it runs when the RBAC audit is opened.");
    public static readonly TextFormat PreflightAdvice = new("Prerequisites of the flow, with evidence.");

    /// <summary>The title of a count: <paramref name="one"/> for 1, <paramref name="many"/> with the count otherwise.</summary>
    public static PortalText Count(int count, TextFormat one, TextFormat many)
    {
        ArgumentNullException.ThrowIfNull(one);
        ArgumentNullException.ThrowIfNull(many);
        return count == 1 ? one.Text : many.With(count);
    }
}
