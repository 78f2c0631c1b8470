using System.Globalization;
using System.Net;
using BootstrapPortal.Sandbox.Controllers;
using BootstrapPortal.Sandbox.Kubelets;

namespace BootstrapPortal.Sandbox.Fleet;

/// <summary>
/// Decides what a fleet of the configured size looks like: when each node joined, which of its client certificate requests
/// are still kept, which kubelet-serving requests were approved by a person and which pile up pending, which nodes renew or
/// are stuck during the run, the bootstrap tokens and the RBAC bindings. Times follow the controllers' rules: certificates
/// are backdated like csrsigning's, rotations fall at 70–90 % of a certificate's lifetime like client-go's certificate
/// manager, a stuck kubelet asks again every 15 minutes; Kubernetes durations are compressed by the clock speed.
/// </summary>
internal static class FleetPlanner
{
    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";
    private const string TokenAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>How many client certificate rotations of one node the natural history may hold at most.</summary>
    private const int MaxChain = 64;

    public static FleetPlan Plan(SandboxFleetOptions options, SandboxTimeScale clock, TimeSpan signingDuration, Random random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        var nowTicks = clock.UtcNow.UtcTicks;
        var now = new DateTimeOffset(nowTicks - (nowTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var history = clock.Scale(options.History);
        var (probeBefore, probeAfter) = CsrCertificateIssuer.Validity(now, signingDuration, clock);
        var lifetime = probeAfter - probeBefore;
        var backdate = now - probeBefore;
        var csrNames = new HashSet<string>(StringComparer.Ordinal);

        string NewCsrName()
        {
            while (true)
            {
                var name = "csr-" + RandomText(random, NameAlphabet, 5);
                if (csrNames.Add(name))
                {
                    return name;
                }
            }
        }

        double Fraction() => 0.7 + (0.2 * random.NextDouble());

        // Nodes. CSRs without nodes belong to nodes that have left the cluster.
        var registered = options.Nodes > 0;
        var nodeCount = registered ? options.Nodes : options.IssuedCsrs + options.PendingCsrs > 0 ? Math.Max(1, (options.IssuedCsrs + 1) / 2) : 0;
        var renewing = registered ? (int)Math.Round(nodeCount * options.RenewingShare, MidpointRounding.AwayFromZero) : 0;
        var stuck = registered ? Math.Min(nodeCount - renewing, (int)Math.Round(nodeCount * options.StuckShare, MidpointRounding.AwayFromZero)) : 0;
        var order = Enumerable.Range(0, nodeCount).ToArray();
        random.Shuffle(order);
        var roles = new FleetNodeRole[nodeCount];
        for (var i = 0; i < nodeCount; i++)
        {
            roles[order[i]] = i < renewing ? FleetNodeRole.Renewing : i < renewing + stuck ? FleetNodeRole.Stuck : FleetNodeRole.Steady;
        }

        var nodes = new List<FleetNodePlan>(nodeCount);
        var chains = new List<List<FleetCsrPlan>>(nodeCount);
        var stuckRenewals = new List<List<FleetCsrPlan>>();
        for (var i = 0; i < nodeCount; i++)
        {
            var name = (registered ? "fleet-node-" : "fleet-retired-") + (i + 1).ToString("00000", CultureInfo.InvariantCulture);
            var host = 10 + i;
            var ip = new IPAddress([10, (byte)(128 + (host >> 16)), (byte)((host >> 8) & 0xFF), (byte)(host & 0xFF)]);
            var joined = Second(now - (history * (0.02 + (0.98 * random.NextDouble()))));
            DateTimeOffset? deadline = null;
            DateTimeOffset? issued = null;
            if (roles[i] != FleetNodeRole.Steady)
            {
                // Renewing: due within the window; stuck: came due up to two hours ago (its retries every 15 minutes pile up).
                deadline = roles[i] == FleetNodeRole.Renewing
                    ? Second(now + TimeSpan.FromSeconds(10) + ((options.RenewalWindow - TimeSpan.FromSeconds(10)) * random.NextDouble()))
                    : Second(now - TimeSpan.FromMinutes(1) - (TimeSpan.FromMinutes(119) * random.NextDouble()));
                issued = Second(deadline.Value - (lifetime * Fraction()) + backdate);
                if (issued.Value < joined + TimeSpan.FromSeconds(2))
                {
                    // Joined long ago and never renewed: its bootstrap certificate is the one coming due.
                    joined = issued.Value + TimeSpan.FromSeconds(2);
                }
            }

            // The node's client certificate requests: bootstrap at join, then a rotation at each deadline; the newest is the
            // request of the certificate the node holds now.
            var chain = new List<(FleetCsrKind Kind, DateTimeOffset Created)>();
            var created = joined - TimeSpan.FromSeconds(3);
            chain.Add((FleetCsrKind.Bootstrap, created));
            if (issued is { } current)
            {
                if (current - TimeSpan.FromSeconds(1) > created + TimeSpan.FromSeconds(1))
                {
                    chain.Add((FleetCsrKind.Renewal, current - TimeSpan.FromSeconds(1)));
                }
            }
            else
            {
                var certificateIssued = created + TimeSpan.FromSeconds(1);
                var due = Second(certificateIssued - backdate + (lifetime * Fraction()));
                for (var rotation = 0; rotation < MaxChain && due < now - TimeSpan.FromSeconds(5); rotation++)
                {
                    chain.Add((FleetCsrKind.Renewal, due));
                    certificateIssued = due + TimeSpan.FromSeconds(1);
                    due = Second(certificateIssued - backdate + (lifetime * Fraction()));
                }

                issued = certificateIssued;
                deadline = due;
            }

            var node = new FleetNodePlan(i, name, ip, joined, roles[i], registered, deadline, chain[^1].Created + TimeSpan.FromSeconds(1));
            nodes.Add(node);
            var plans = chain.Select((c, n) => new FleetCsrPlan(NewCsrName(), c.Kind, node, c.Created, c.Created + TimeSpan.FromSeconds(1), null, n == chain.Count - 1)).ToList();
            plans.Reverse();
            chains.Add(plans);
            if (roles[i] == FleetNodeRole.Stuck)
            {
                var retries = new List<FleetCsrPlan>();
                for (var at = deadline!.Value; at <= now; at += SimulatedKubelet.CertificateWaitTimeout)
                {
                    retries.Add(new FleetCsrPlan(NewCsrName(), FleetCsrKind.StuckRenewal, node, at, null, null, false));
                }

                retries.Reverse();
                stuckRenewals.Add(retries);
            }
        }

        var tokens = PlanTokens(options, clock, now, nodes, random);
        var csrs = new List<FleetCsrPlan>(options.IssuedCsrs + options.PendingCsrs);

        // Issued: the newest client request of every node first, then older ones, then kubelet-serving requests a person approved.
        var issuedLeft = options.IssuedCsrs;
        for (var depth = 0; issuedLeft > 0 && chains.Any(c => c.Count > depth); depth++)
        {
            foreach (var index in order)
            {
                if (issuedLeft == 0)
                {
                    break;
                }

                if (chains[index].Count > depth)
                {
                    csrs.Add(WithToken(chains[index][depth], tokens, random));
                    issuedLeft--;
                }
            }
        }

        var approvedServing = new HashSet<int>();
        for (var round = 0; issuedLeft > 0 && nodeCount > 0; round++)
        {
            foreach (var index in order)
            {
                if (issuedLeft == 0)
                {
                    break;
                }

                var node = nodes[index];
                var created = round == 0 ? node.Joined + TimeSpan.FromSeconds(5) : Between(random, node.Joined + TimeSpan.FromMinutes(1), now - TimeSpan.FromMinutes(2));
                var approved = Min(now - TimeSpan.FromSeconds(1), created + TimeSpan.FromMinutes(1) + (Min(history * 0.2, now - created) * random.NextDouble()));
                csrs.Add(new FleetCsrPlan(NewCsrName(), FleetCsrKind.ServingApproved, node, Second(created), Second(Max(approved, created + TimeSpan.FromSeconds(1))), null, false));
                approvedServing.Add(index);
                issuedLeft--;
            }
        }

        // Pending: a few bad requests, the stuck nodes' retries (newest first), then kubelet-serving requests nobody approved.
        var pendingLeft = options.PendingCsrs;
        var bad = pendingLeft >= 4 && nodeCount > 0 ? Math.Max(4, pendingLeft / 200) : 0;
        FleetCsrKind[] badKinds = [FleetCsrKind.ClaimsOtherNode, FleetCsrKind.ClaimsControllerManager, FleetCsrKind.ClaimsClusterAdmin, FleetCsrKind.ServingFromBootstrapToken];
        for (var i = 0; i < bad; i++)
        {
            var node = nodes[random.Next(nodeCount)];
            var created = Second(now - (Min(history, TimeSpan.FromDays(2)) * random.NextDouble()));
            var kind = badKinds[i % badKinds.Length];
            var token = kind == FleetCsrKind.ServingFromBootstrapToken ? RandomText(random, TokenAlphabet, 6) : null;
            csrs.Add(new FleetCsrPlan(NewCsrName(), kind, node, created, null, token, false));
        }

        pendingLeft -= bad;
        for (var depth = 0; pendingLeft > 0 && stuckRenewals.Any(r => r.Count > depth); depth++)
        {
            foreach (var retries in stuckRenewals)
            {
                if (pendingLeft > 0 && retries.Count > depth)
                {
                    csrs.Add(retries[depth]);
                    pendingLeft--;
                }
            }
        }

        var servingOrder = order.Where(i => !approvedServing.Contains(i) && roles[i] == FleetNodeRole.Steady)
            .Concat(order.Where(i => approvedServing.Contains(i) || roles[i] != FleetNodeRole.Steady)).ToList();
        for (var round = 0; pendingLeft > 0 && nodeCount > 0; round++)
        {
            foreach (var index in servingOrder)
            {
                if (pendingLeft == 0)
                {
                    break;
                }

                var node = nodes[index];
                var created = round == 0 && !approvedServing.Contains(index)
                    ? node.Joined + TimeSpan.FromSeconds(5)
                    : Between(random, node.Joined + TimeSpan.FromMinutes(1), now - TimeSpan.FromSeconds(30));
                csrs.Add(new FleetCsrPlan(NewCsrName(), FleetCsrKind.ServingPending, node, Second(created), null, null, false));
                pendingLeft--;
            }
        }

        var (namespaces, bindings) = PlanBindings(options, clock, now, random);
        return new FleetPlan(nodes, csrs, tokens, namespaces, bindings, now);
    }

    /// <summary>Bootstrap requests of recent joins name a token that was valid then; older ones a token long cleaned up.</summary>
    private static FleetCsrPlan WithToken(FleetCsrPlan csr, IReadOnlyList<FleetTokenPlan> tokens, Random random)
    {
        if (csr.Kind != FleetCsrKind.Bootstrap)
        {
            return csr;
        }

        var usable = tokens.Where(t => t.InvalidGroup is null && t.Created <= csr.Created && (t.Expiration is null || t.Expiration > csr.Created)).ToList();
        var id = usable.Count > 0 && random.Next(4) != 0 ? usable[random.Next(usable.Count)].Id : RandomText(random, TokenAlphabet, 6);
        return csr with { TokenId = id };
    }

    private static List<FleetTokenPlan> PlanTokens(SandboxFleetOptions options, SandboxTimeScale clock, DateTimeOffset now, List<FleetNodePlan> nodes, Random random)
    {
        var tokens = new List<FleetTokenPlan>(options.Tokens);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var history = clock.Scale(options.History);
        TimeSpan[] ttls = [TimeSpan.FromHours(24), TimeSpan.FromHours(24), TimeSpan.FromDays(7), TimeSpan.FromDays(30)];
        for (var i = 0; i < options.Tokens; i++)
        {
            string id;
            do
            {
                id = RandomText(random, TokenAlphabet, 6);
            }
            while (!ids.Add(id));

            var secret = RandomText(random, TokenAlphabet, 16);
            var forNode = nodes.Count > 0 && random.Next(5) == 0 ? nodes[random.Next(nodes.Count)].Name : null;
            var description = forNode is not null
                ? "Bootstrap token for " + forNode + "."
                : "kubeadm join token (fleet batch " + ((i / 25) + 1).ToString(CultureInfo.InvariantCulture) + ").";

            // 55 % valid, 10 % expiring within the portal's default 2 hours, 15 % never expiring, 15 % expired, 5 % malformed.
            var slot = i % 20;
            var ttl = clock.Scale(ttls[random.Next(ttls.Length)]);
            FleetTokenPlan token = slot switch
            {
                < 11 => Valid(now + TimeSpan.FromHours(3) + (ttl * random.NextDouble()), ttl),
                < 13 => Valid(now + TimeSpan.FromMinutes(10) + (TimeSpan.FromMinutes(100) * random.NextDouble()), ttl),
                < 16 => new FleetTokenPlan(id, secret, Second(now - (history * random.NextDouble())), null, description, true, null, forNode),
                < 19 => Valid(now - TimeSpan.FromMinutes(5) - (history * random.NextDouble()), ttl),
                _ => Valid(now + TimeSpan.FromHours(3) + (ttl * random.NextDouble()), ttl) with { InvalidGroup = "fleet-workers" },
            };
            tokens.Add(token);

            FleetTokenPlan Valid(DateTimeOffset expiration, TimeSpan lifetime) =>
                new(id, secret, Second(expiration - lifetime), Second(expiration), description, random.Next(10) != 0, null, forNode);
        }

        return tokens;
    }

    private static (List<string> Namespaces, List<FleetBindingPlan> Bindings) PlanBindings(SandboxFleetOptions options, SandboxTimeScale clock,
        DateTimeOffset now, Random random)
    {
        var namespaces = new List<string>();
        var bindings = new List<FleetBindingPlan>(options.Bindings);
        if (options.Bindings == 0)
        {
            return (namespaces, bindings);
        }

        var teams = Math.Clamp(options.Bindings / 40, 1, 100);
        for (var t = 1; t <= teams; t++)
        {
            namespaces.Add("fleet-team-" + t.ToString("000", CultureInfo.InvariantCulture));
        }

        var history = clock.Scale(options.History);
        (string Role, int Weight)[] clusterRoles =
        [
            ("view", 45), ("edit", 20), ("admin", 15), ("system:node-bootstrapper", 6), ("cluster-admin", 4), ("system:auth-delegator", 4),
            ("system:certificates.k8s.io:certificatesigningrequests:nodeclient", 3), ("system:certificates.k8s.io:kubelet-serving-approver", 3),
        ];
        (string Role, int Weight)[] namespaceRoles = [("view", 50), ("edit", 30), ("admin", 20)];
        string[] kubeSystemRoles = ["system:controller:token-cleaner", "system:controller:bootstrap-signer", "kubeadm:kubelet-config"];
        for (var i = 0; i < options.Bindings; i++)
        {
            var suffix = (i + 1).ToString("00000", CultureInfo.InvariantCulture);
            var created = Second(now - (history * random.NextDouble()));
            var subjects = new List<FleetSubject>();
            for (var s = 0; s < 1 + random.Next(3); s++)
            {
                var team = namespaces[random.Next(namespaces.Count)];
                var roll = random.Next(10);
                subjects.Add(roll switch
                {
                    < 5 => new FleetSubject("User", "user-" + random.Next(1, 2000).ToString("0000", CultureInfo.InvariantCulture) + "@fleet.example", null),
                    < 8 => new FleetSubject("Group", "fleet:" + team[6..] + (random.Next(3) == 0 ? "-admins" : string.Empty), null),
                    _ => new FleetSubject("ServiceAccount", "ci-" + random.Next(1, 20).ToString("00", CultureInfo.InvariantCulture), team),
                });
            }

            var distinct = subjects.DistinctBy(s => (s.Kind, s.Name, s.Namespace)).ToList();
            var roll2 = random.Next(100);
            if (roll2 < 30)
            {
                var role = Weighted(clusterRoles, random);
                bindings.Add(new FleetBindingPlan("fleet-" + Slug(role) + "-" + suffix, null, "ClusterRole", role, distinct, created));
            }
            else if (roll2 < 33)
            {
                var role = kubeSystemRoles[random.Next(kubeSystemRoles.Length)];
                bindings.Add(new FleetBindingPlan("fleet-" + Slug(role) + "-" + suffix, "kube-system", "Role", role, distinct, created));
            }
            else
            {
                var role = Weighted(namespaceRoles, random);
                bindings.Add(new FleetBindingPlan("fleet-" + role + "-" + suffix, namespaces[random.Next(namespaces.Count)], "ClusterRole", role, distinct, created));
            }
        }

        return (namespaces, bindings);
    }

    private static string Weighted((string Value, int Weight)[] choices, Random random)
    {
        var roll = random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if (roll < weight)
            {
                return value;
            }

            roll -= weight;
        }

        return choices[^1].Value;
    }

    private static string Slug(string role) =>
        role.Replace("system:certificates.k8s.io:certificatesigningrequests:", "csr-", StringComparison.Ordinal)
            .Replace("system:certificates.k8s.io:", "csr-", StringComparison.Ordinal)
            .Replace("system:", string.Empty, StringComparison.Ordinal)
            .Replace(':', '-');

    private static string RandomText(Random random, string alphabet, int length)
    {
        Span<char> chars = stackalloc char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }

    private static DateTimeOffset Between(Random random, DateTimeOffset from, DateTimeOffset to) =>
        to <= from ? from : from + ((to - from) * random.NextDouble());

    private static DateTimeOffset Second(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
