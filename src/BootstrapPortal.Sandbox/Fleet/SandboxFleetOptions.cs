namespace BootstrapPortal.Sandbox.Fleet;

/// <summary>
/// The fleet scenario (configuration section <c>Sandbox:Fleet</c>): nodes, certificate requests, bootstrap tokens and RBAC
/// bindings preloaded at start as if a long-lived cluster had created them, then kept live by the sandbox's controllers and
/// a light-weight agent for the fleet's nodes. All counts default to 0 (no fleet).
/// </summary>
public sealed class SandboxFleetOptions
{
    public const string SectionName = "Fleet";

    /// <summary>Nodes <c>fleet-node-00001…</c> with Ready status, addresses, nodeInfo and Leases.</summary>
    public int Nodes { get; set; }

    /// <summary>Pending CSRs: stuck client-certificate renewals, kubelet-serving requests nobody approved, a few bad requests.</summary>
    public int PendingCsrs { get; set; }

    /// <summary>Approved and issued CSRs: the nodes' bootstrap and renewal requests and approved kubelet-serving requests.</summary>
    public int IssuedCsrs { get; set; }

    /// <summary>Bootstrap token Secrets: valid, expiring soon, expired, never expiring and a few malformed ones.</summary>
    public int Tokens { get; set; }

    /// <summary>ClusterRoleBindings and RoleBindings to users, groups and service accounts over the existing roles.</summary>
    public int Bindings { get; set; }

    /// <summary>Share of the fleet's nodes whose client certificates come due for rotation within <see cref="RenewalWindow"/> after start.</summary>
    public double RenewingShare { get; set; } = 0.02;

    /// <summary>Share of the fleet's nodes whose renewal requests are never approved (a misconfigured kubelet).</summary>
    public double StuckShare { get; set; } = 0.01;

    /// <summary>Real time over which the renewing nodes' rotation deadlines are spread.</summary>
    public TimeSpan RenewalWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long the preloaded history reaches back (Kubernetes time: divided by <see cref="SandboxOptions.ClockSpeed"/>).</summary>
    public TimeSpan History { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often each fleet node renews its Lease (real time; the lease duration is four times this, as the kubelet's).</summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often each fleet node reports its status (real time; a kubelet's default is 5 minutes).</summary>
    public TimeSpan NodeStatusInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Seed of the fleet's choices (names, shares, times); 0 picks a new one at each start.</summary>
    public int Seed { get; set; }

    public const int MaxNodes = 50_000;
    public const int MaxCsrs = 200_000;
    public const int MaxTokens = 20_000;
    public const int MaxBindings = 50_000;

    /// <summary>Whether any fleet object is configured.</summary>
    public bool Enabled => Nodes + PendingCsrs + IssuedCsrs + Tokens + Bindings > 0;

    /// <summary>The messages of every invalid setting, each naming its key under <paramref name="prefix"/> (e.g. <c>Sandbox:Fleet</c>).</summary>
    public IReadOnlyList<string> Validate(string prefix)
    {
        var failures = new List<string>();
        void Range(string key, long value, long max)
        {
            if (value < 0 || value > max)
            {
                failures.Add($"{prefix}:{key} must be between 0 and {max} (was {value}).");
            }
        }

        Range(nameof(Nodes), Nodes, MaxNodes);
        Range(nameof(PendingCsrs), PendingCsrs, MaxCsrs);
        Range(nameof(IssuedCsrs), IssuedCsrs, MaxCsrs);
        Range(nameof(Tokens), Tokens, MaxTokens);
        Range(nameof(Bindings), Bindings, MaxBindings);
        if (!(RenewingShare is >= 0 and <= 1))
        {
            failures.Add($"{prefix}:{nameof(RenewingShare)} must be between 0 and 1 (was {RenewingShare}).");
        }

        if (!(StuckShare is >= 0 and <= 1) || RenewingShare + StuckShare > 1)
        {
            failures.Add($"{prefix}:{nameof(StuckShare)} must be between 0 and 1, and at most 1 with {nameof(RenewingShare)} (was {StuckShare}).");
        }

        if (RenewalWindow < TimeSpan.FromSeconds(10) || RenewalWindow > TimeSpan.FromDays(30))
        {
            failures.Add($"{prefix}:{nameof(RenewalWindow)} must be between 00:00:10 and 30.00:00:00 (was {RenewalWindow}).");
        }

        if (History < TimeSpan.FromHours(1) || History > TimeSpan.FromDays(3650))
        {
            failures.Add($"{prefix}:{nameof(History)} must be between 01:00:00 and 3650.00:00:00 (was {History}).");
        }

        if (LeaseRenewInterval < TimeSpan.FromSeconds(10) || LeaseRenewInterval > TimeSpan.FromHours(1))
        {
            failures.Add($"{prefix}:{nameof(LeaseRenewInterval)} must be between 00:00:10 and 01:00:00 (was {LeaseRenewInterval}).");
        }

        if (NodeStatusInterval < TimeSpan.FromSeconds(10) || NodeStatusInterval > TimeSpan.FromDays(1))
        {
            failures.Add($"{prefix}:{nameof(NodeStatusInterval)} must be between 00:00:10 and 1.00:00:00 (was {NodeStatusInterval}).");
        }

        if (PendingCsrs + IssuedCsrs > MaxCsrs)
        {
            failures.Add($"{prefix}:{nameof(PendingCsrs)} and {prefix}:{nameof(IssuedCsrs)} together must be at most {MaxCsrs} (were {PendingCsrs + IssuedCsrs}).");
        }

        return failures;
    }
}
