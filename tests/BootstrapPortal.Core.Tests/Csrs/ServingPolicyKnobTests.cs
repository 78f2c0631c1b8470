using System.Net;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Csrs.Serving;
using k8s.Models;

namespace BootstrapPortal.Core.Tests.Csrs;

/// <summary>
/// Each knob of the serving policy, in both directions: a request the knob allows is approved, one it forbids is denied with
/// that knob's check cited. DNS resolution uses the machine's real resolver (<c>localhost</c> resolves, <c>*.invalid</c> never does).
/// </summary>
public class ServingPolicyKnobTests
{
    private static readonly V1Node Node1 = TestCsrs.Node("sandbox-node-1", ("InternalIP", "10.0.0.11"), ("Hostname", "sandbox-node-1"));
    private static readonly V1Node Local = TestCsrs.Node("localhost", ("InternalIP", "127.0.0.1"), ("Hostname", "localhost"));

    private static async Task<ServingPolicyOutcome> Decide(ServingPolicy policy, V1CertificateSigningRequest csr, IHostAddressResolver? resolver = null,
        params V1Node[] nodes)
    {
        var context = VerdictTestContext.With(policy, nodes.Length == 0 ? [Node1] : nodes);
        var view = CsrViews.Create(csr, new CsrViewContext(VerdictTestContext.Now));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await new ServingPolicyEvaluator(resolver ?? new DnsHostAddressResolver())
            .DecideAsync(view, CsrVerdicts.Evaluate(view, context), context.Serving, cts.Token);
    }

    private static V1CertificateSigningRequest Good(string node = "sandbox-node-1", string ip = "10.0.0.11", int? expirationSeconds = null) =>
        TestCsrs.Csr("csr-good", TestCsrs.RequestPem("system:node:" + node, dns: [node], ips: [ip]), TestCsrs.ServingSigner, "system:node:" + node,
            TestCsrs.NodeGroups, expirationSeconds: expirationSeconds);

    private static void Approved(ServingPolicyOutcome outcome) =>
        Assert.True(outcome.Decision == ServingDecision.Approve, $"expected Approve, got {outcome.Decision}: {string.Join(" | ", outcome.Reasons)}");

    private static void Denied(ServingPolicyOutcome outcome, string check)
    {
        Assert.True(outcome.Decision == ServingDecision.Deny, $"expected Deny, got {outcome.Decision}");
        Assert.Contains(outcome.Reasons, r => r.StartsWith($"[{check}] ", StringComparison.Ordinal));
        Assert.StartsWith(ServingPolicyOutcome.DenyPrefix + $"[{check}]", outcome.ConditionReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Default_policy_approves_a_kubelets_own_request()
    {
        var outcome = await Decide(ServingPolicy.Default, Good());
        Approved(outcome);
        Assert.StartsWith(ServingPolicyOutcome.ApprovePrefix, outcome.ConditionReason, StringComparison.Ordinal);
        Assert.Contains("sans-in-node-addresses", outcome.ConditionReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Node_name_pattern()
    {
        Approved(await Decide(ServingPolicy.Default with { NodeNamePattern = @"sandbox-node-\d+" }, Good()));
        Denied(await Decide(ServingPolicy.Default with { NodeNamePattern = @"worker-\d+" }, Good()), CsrCheckIds.NodeNamePattern);
    }

    [Fact]
    public async Task Allowed_ip_prefixes()
    {
        Approved(await Decide(ServingPolicy.Default with { AllowedIpPrefixes = ["192.168.0.0/16", "10.0.0.0/24"] }, Good()));
        Denied(await Decide(ServingPolicy.Default with { AllowedIpPrefixes = ["192.168.0.0/16"] }, Good()), CsrCheckIds.IpPrefixes);
    }

    [Fact]
    public async Task Maximum_dns_names()
    {
        Approved(await Decide(ServingPolicy.Default with { MaxDnsNames = 1 }, Good()));
        Denied(await Decide(ServingPolicy.Default with { MaxDnsNames = 0 }, Good()), CsrCheckIds.SanCount);
    }

    [Fact]
    public async Task Maximum_ip_addresses()
    {
        Approved(await Decide(ServingPolicy.Default with { MaxIpAddresses = 1 }, Good()));
        Denied(await Decide(ServingPolicy.Default with { MaxIpAddresses = 0 }, Good()), CsrCheckIds.SanCount);
    }

    [Fact]
    public async Task Sans_within_the_nodes_addresses()
    {
        var foreign = Good(ip: "10.0.0.99");
        Denied(await Decide(ServingPolicy.Default, foreign), CsrCheckIds.SansInNodeAddresses);
        var outcome = await Decide(ServingPolicy.Default with { SansWithinNodeAddresses = false }, foreign);
        Approved(outcome);
        Assert.Contains(outcome.Checks, c => c.Id == CsrCheckIds.SansInNodeAddresses && c.Result == CsrCheckResult.Info);
    }

    [Fact]
    public async Task Maximum_expiration_seconds()
    {
        Approved(await Decide(ServingPolicy.Default with { MaxExpirationSeconds = 3600 }, Good(expirationSeconds: 1800)));
        Denied(await Decide(ServingPolicy.Default with { MaxExpirationSeconds = 3600 }, Good(expirationSeconds: 7200)), CsrCheckIds.Lifetime);
    }

    [Fact]
    public async Task Only_nodes_that_exist()
    {
        var unknown = Good(node: "sandbox-node-9");
        Denied(await Decide(ServingPolicy.Default, unknown), CsrCheckIds.NodeRegistered);
        var outcome = await Decide(ServingPolicy.Default with { OnlyExistingNodes = false }, unknown);
        Assert.Equal(ServingDecision.Leave, outcome.Decision);
        Assert.Contains(outcome.Reasons, r => r.StartsWith("[node-registered] ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dns_resolution_approves_names_that_resolve_to_the_requested_addresses()
    {
        var csr = TestCsrs.Csr("csr-local", TestCsrs.RequestPem("system:node:localhost", dns: ["localhost"], ips: ["127.0.0.1"]), TestCsrs.ServingSigner,
            "system:node:localhost", TestCsrs.NodeGroups);
        var outcome = await Decide(ServingPolicy.Default with { ResolveDnsNames = true }, csr, nodes: Local);
        Approved(outcome);
        Assert.Contains(outcome.Checks, c => c.Id == CsrCheckIds.DnsResolution && c.Result == CsrCheckResult.Pass);
    }

    [Fact]
    public async Task Dns_resolution_denies_a_name_that_does_not_resolve()
    {
        var node = TestCsrs.Node("ghost", ("InternalIP", "10.0.0.12"), ("Hostname", "ghost.bootstrapportal-test.invalid"));
        var csr = TestCsrs.Csr("csr-ghost", TestCsrs.RequestPem("system:node:ghost", dns: ["ghost.bootstrapportal-test.invalid"], ips: ["10.0.0.12"]),
            TestCsrs.ServingSigner, "system:node:ghost", TestCsrs.NodeGroups);
        Approved(await Decide(ServingPolicy.Default, csr, nodes: node));
        Denied(await Decide(ServingPolicy.Default with { ResolveDnsNames = true, DnsTimeoutSeconds = 5 }, csr, nodes: node), CsrCheckIds.DnsResolution);
    }

    [Fact]
    public async Task Dns_resolution_denies_when_the_resolved_addresses_lack_an_ip_san()
    {
        var node = TestCsrs.Node("localhost", ("InternalIP", "127.0.0.1"), ("InternalIP", "10.0.0.13"), ("Hostname", "localhost"));
        var csr = TestCsrs.Csr("csr-local2", TestCsrs.RequestPem("system:node:localhost", dns: ["localhost"], ips: ["127.0.0.1", "10.0.0.13"]),
            TestCsrs.ServingSigner, "system:node:localhost", TestCsrs.NodeGroups);
        var outcome = await Decide(ServingPolicy.Default with { ResolveDnsNames = true }, csr, nodes: node);
        Denied(outcome, CsrCheckIds.DnsResolution);
        Assert.Contains("10.0.0.13", outcome.ConditionReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dns_resolution_gives_up_after_the_timeout()
    {
        var csr = TestCsrs.Csr("csr-local", TestCsrs.RequestPem("system:node:localhost", dns: ["localhost"], ips: ["127.0.0.1"]), TestCsrs.ServingSigner,
            "system:node:localhost", TestCsrs.NodeGroups);
        var started = DateTime.UtcNow;
        var outcome = await Decide(ServingPolicy.Default with { ResolveDnsNames = true, DnsTimeoutSeconds = 0.2 }, csr, new UnansweredResolver(), Local);
        Denied(outcome, CsrCheckIds.DnsResolution);
        Assert.Contains("did not resolve within 0.2 s", outcome.ConditionReason, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), "the lookup was abandoned at its timeout");
    }

    [Fact]
    public async Task A_failing_verdict_is_denied_even_when_every_knob_is_loose()
    {
        var byAnother = TestCsrs.Csr("csr-other", TestCsrs.RequestPem("system:node:sandbox-node-1", dns: ["sandbox-node-1"], ips: ["10.0.0.11"]),
            TestCsrs.ServingSigner, "system:node:sandbox-node-2", TestCsrs.NodeGroups);
        var loose = ServingPolicy.Default with { SansWithinNodeAddresses = false, OnlyExistingNodes = false, MaxDnsNames = 100, MaxIpAddresses = 100 };
        Denied(await Decide(loose, byAnother), CsrCheckIds.Requester);
    }

    /// <summary>A resolver whose DNS server never answers (the lookup only ends when it is cancelled).</summary>
    private sealed class UnansweredResolver : IHostAddressResolver
    {
        public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string hostName, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return [];
        }
    }
}
