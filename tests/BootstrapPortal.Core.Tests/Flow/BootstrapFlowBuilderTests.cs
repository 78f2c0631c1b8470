using System.Globalization;
using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Flow;
using BootstrapPortal.Core.Ledger;
using BootstrapPortal.Core.Text;
using BootstrapPortal.Core.Tokens;
using k8s.Models;

namespace BootstrapPortal.Core.Tests.Flow;

/// <summary>
/// The stage and blocker of each node, both ways: nodes that joined and renew on time, and normal short waits, show no
/// blocker; expired tokens, denied or stuck CSRs, missing registrations and stuck renewals show one sentence that says why.
/// </summary>
public sealed class BootstrapFlowBuilderTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly FlowThresholds Thresholds = new(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10));
    private static readonly RotationPolicy Policy = new(TimeSpan.FromMinutes(10), 0.8, 0.9);

    public static TheoryData<string, Scenario, BootstrapStage, FlowBlockerSeverity?, string?> Cases => new()
    {
        // Healthy or normally waiting: no blocker.
        { "token minted, kubelet not started yet", new Scenario { Tokens = [Token("abc123", TokenStatus.Valid)] }, BootstrapStage.Token, null, null },
        { "CSR created seconds ago, auto-approvable", new Scenario { Csrs = [ClientCsr("csr-a", CsrState.Pending, Ago(1), autoApprove: true)] }, BootstrapStage.CsrCreated, null, null },
        { "approved a minute ago, signer at work", new Scenario { Csrs = [ClientCsr("csr-a", CsrState.Approved, Ago(3), decided: Ago(1))] }, BootstrapStage.Approved, null, null },
        { "issued, node registering", new Scenario { Csrs = [ClientCsr("csr-a", CsrState.Issued, Ago(3), decided: Ago(2))] }, BootstrapStage.CertificateIssued, null, null },
        { "joined, first certificate fresh", new Scenario { Csrs = [ClientCsr("csr-a", CsrState.Issued, Ago(60), decided: Ago(59))], Node = Ago(58), Client = Cert(Ago(59)) }, BootstrapStage.Registered, null, null },
        { "renewed by the node itself", new Scenario { Csrs = [ClientCsr("csr-r", CsrState.Issued, Ago(30), decided: Ago(29), user: "system:node:node-1")], Node = Ago(60 * 24 * 200), Client = Cert(Ago(29)) }, BootstrapStage.Renewed, null, null },
        { "renewed, renewal CSR cleaned up, ledger shows the newer certificate", new Scenario { Node = Ago(60 * 24 * 200), Client = Cert(Ago(60 * 24 * 20)) }, BootstrapStage.Renewed, null, null },
        { "renewal requested a minute ago", new Scenario { Csrs = [ClientCsr("csr-r", CsrState.Pending, Ago(1), user: "system:node:node-1", autoApprove: true)], Node = Ago(60 * 24 * 300), Client = Cert(Ago(60 * 24 * 300)) }, BootstrapStage.Renewed, null, null },
        { "renewed before, asking again a minute ago", new Scenario { Csrs = [ClientCsr("csr-r1", CsrState.Issued, Ago(60 * 24 * 100), decided: Ago(60 * 24 * 100), user: "system:node:node-1"), ClientCsr("csr-r2", CsrState.Pending, Ago(1), user: "system:node:node-1", autoApprove: true)], Node = Ago(60 * 24 * 400), Client = Cert(Ago(60 * 24 * 300)) }, BootstrapStage.Renewed, null, null },
        { "joined long ago, token and bootstrap CSR cleaned up", new Scenario { Node = Ago(60 * 24 * 3), Client = Cert(Ago(60 * 24 * 3)) }, BootstrapStage.Registered, null, null },
        { "a CSR by another node's identity is not this node's renewal", new Scenario { Csrs = [ClientCsr("csr-x", CsrState.Pending, Ago(1), user: "system:node:node-2")], Node = Ago(60), Client = Cert(Ago(60)) }, BootstrapStage.Registered, null, null },
        { "serving CSR pending a minute", new Scenario { Node = Ago(60), Client = Cert(Ago(60)), Serving = [ServingCsr("csr-s", Ago(1))] }, BootstrapStage.Registered, null, null },

        // Blocked or waiting for a person.
        { "token expired before any CSR", new Scenario { Tokens = [Token("abc123", TokenStatus.Expired)] }, BootstrapStage.Token, FlowBlockerSeverity.Blocked, "expired" },
        { "token about to lapse unused", new Scenario { Tokens = [Token("abc123", TokenStatus.ExpiringSoon)] }, BootstrapStage.Token, FlowBlockerSeverity.Attention, "expires in" },
        { "auto-approvable CSR pending 2 h: approver not running", new Scenario { Csrs = [ClientCsr("csr-a", CsrState.Pending, Ago(120), autoApprove: true)] }, BootstrapStage.CsrCreated, FlowBlockerSeverity.Blocked, "csrapproving" },
        { "CSR RBAC does not auto-approve, waits for a person", new Scenario { Csrs = [ClientCsr("csr-a", CsrState.Pending, Ago(30))] }, BootstrapStage.CsrCreated, FlowBlockerSeverity.Blocked, "waits for a person" },
        { "pending CSR whose verdict fails", new Scenario { Csrs = [ClientCsr("csr-a", CsrState.Pending, Ago(30), failReason: "The CN claims system:admin.")] }, BootstrapStage.CsrCreated, FlowBlockerSeverity.Blocked, "system:admin" },
        { "CSR denied", new Scenario { Csrs = [ClientCsr("csr-a", CsrState.Denied, Ago(30), decided: Ago(20), message: "Unknown machine.")] }, BootstrapStage.CsrCreated, FlowBlockerSeverity.Blocked, "Unknown machine" },
        { "approved 20 min, never signed", new Scenario { Csrs = [ClientCsr("csr-a", CsrState.Approved, Ago(21), decided: Ago(20))] }, BootstrapStage.Approved, FlowBlockerSeverity.Blocked, "csrsigning" },
        { "issued an hour ago, no Node", new Scenario { Csrs = [ClientCsr("csr-a", CsrState.Issued, Ago(61), decided: Ago(60))] }, BootstrapStage.CertificateIssued, FlowBlockerSeverity.Blocked, "no Node has registered" },
        { "renewal pending 30 min", new Scenario { Csrs = [ClientCsr("csr-r", CsrState.Pending, Ago(30), user: "system:node:node-1")], Node = Ago(60 * 24 * 300), Client = Cert(Ago(60 * 24 * 300)) }, BootstrapStage.Renewed, FlowBlockerSeverity.Blocked, "Renewal CSR pending 30m" },
        { "auto-approvable renewal pending 2 h: approver not running", new Scenario { Csrs = [ClientCsr("csr-r", CsrState.Pending, Ago(120), user: "system:node:node-1", autoApprove: true)], Node = Ago(60 * 24 * 300), Client = Cert(Ago(60 * 24 * 300)) }, BootstrapStage.Renewed, FlowBlockerSeverity.Blocked, "csrapproving" },
        { "client certificate 95 % used, no renewal CSR", new Scenario { Node = Ago(60 * 24 * 347), Client = Cert(Ago(60 * 24 * 347)) }, BootstrapStage.Registered, FlowBlockerSeverity.Blocked, "no renewal CSR seen" },
        { "serving CSR pending 2 h", new Scenario { Node = Ago(180), Client = Cert(Ago(180)), Serving = [ServingCsr("csr-s", Ago(120))] }, BootstrapStage.Registered, FlowBlockerSeverity.Attention, "kubelet-serving is never auto-approved" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Stage_and_blocker(string name, Scenario scenario, BootstrapStage stage, FlowBlockerSeverity? severity, string? says)
    {
        var flow = Assert.Single(Build(scenario), f => f.Node == "node-1");

        Assert.True(stage == flow.Stage, $"{name}: expected stage {stage}, got {flow.Stage}");
        Assert.True(severity == flow.Blocker?.Severity, $"{name}: expected blocker {severity?.ToString() ?? "none"}, got {flow.Blocker?.Severity.ToString() ?? "none"} ({flow.Blocker?.Sentence})");
        if (says is not null)
        {
            Assert.Contains(says, flow.Blocker!.Sentence, StringComparison.Ordinal);
        }

        if (flow.Blocker is { } blocker)
        {
            // The shared snapshot carries the sentence culture-free: a Chinese reader gets it in Chinese.
            var chinese = new PortalTextLocalizer().Localize(blocker.Text, CultureInfo.GetCultureInfo("zh-Hans"));
            Assert.True(chinese.Any(c => c is >= '\u4e00' and <= '\u9fff'), $"{name}: {chinese}");
            Assert.NotEqual(blocker.Sentence, chinese);
        }

        // The steps agree with the stage: every earlier one done, every later one ahead.
        Assert.All(flow.Steps, s => Assert.Equal(s.Stage < stage ? FlowStepState.Done : s.Stage > stage ? FlowStepState.Ahead
            : severity == FlowBlockerSeverity.Blocked ? FlowStepState.Blocked : FlowStepState.Current, s.State));
    }

    [Fact]
    public void A_pending_renewal_is_at_the_renewal_step_since_it_asked_and_counts_as_renewal()
    {
        var scenario = new Scenario
        {
            Csrs = [ClientCsr("csr-r", CsrState.Pending, Ago(2), user: "system:node:node-1", autoApprove: true)],
            Node = Ago(60 * 24 * 300),
            Client = Cert(Ago(60 * 24 * 300)),
        };

        var flow = Assert.Single(Build(scenario));
        var snapshot = new BootstrapFlowSnapshot([flow], Now, true);

        Assert.True(flow.RenewalPending);
        Assert.Equal("csr-r", flow.RenewalCsr);
        Assert.Equal(Ago(2), flow.Since);
        Assert.Equal(FlowStepState.Current, flow.Steps[(int)BootstrapStage.Renewed].State);
        Assert.Equal(FlowStepState.Done, flow.Steps[(int)BootstrapStage.Registered].State);
        Assert.Equal(1, snapshot.ByStage[BootstrapStage.Renewed]);
        Assert.Equal(0, snapshot.ByStage[BootstrapStage.Registered]);
    }

    [Fact]
    public void A_renewed_node_is_not_pending_and_a_fresh_node_is_not_renewed()
    {
        var renewed = Assert.Single(Build(new Scenario { Csrs = [ClientCsr("csr-r", CsrState.Issued, Ago(30), decided: Ago(29), user: "system:node:node-1")], Node = Ago(60 * 24 * 200), Client = Cert(Ago(29)) }));
        var fresh = Assert.Single(Build(new Scenario { Csrs = [ClientCsr("csr-a", CsrState.Issued, Ago(60), decided: Ago(59))], Node = Ago(58), Client = Cert(Ago(59)) }));

        Assert.Equal(BootstrapStage.Renewed, renewed.Stage);
        Assert.False(renewed.RenewalPending);
        Assert.Equal(BootstrapStage.Registered, fresh.Stage);
        Assert.False(fresh.RenewalPending);
        Assert.Null(fresh.RenewalCsr);
    }

    public static TheoryData<string, Scenario, bool[]> RemovedCases => new()
    {
        // Token, CSR created, approved, issued: removed after use is the normal course for a joined node.
        { "joined, token and bootstrap CSR cleaned up", new Scenario { Node = Ago(60 * 24 * 3), Client = Cert(Ago(60 * 24 * 3)) }, [true, true, true, true] },
        { "joined, token deleted, bootstrap CSR still kept", new Scenario { Csrs = [ClientCsr("csr-a", CsrState.Issued, Ago(40), decided: Ago(39))], Node = Ago(38), Client = Cert(Ago(39)) }, [true, false, false, false] },
        { "joined, token and CSR still kept", new Scenario { Tokens = [Token("abc123", TokenStatus.Valid)], Csrs = [ClientCsr("csr-a", CsrState.Issued, Ago(40), decided: Ago(39))], Node = Ago(38), Client = Cert(Ago(39)) }, [false, false, false, false] },
        { "CSR created with a token since deleted", new Scenario { Csrs = [ClientCsr("csr-a", CsrState.Approved, Ago(3), decided: Ago(1))] }, [true, false, false, false] },
    };

    [Theory]
    [MemberData(nameof(RemovedCases))]
    public void A_passed_step_whose_object_is_gone_is_marked_removed_and_blocks_nothing(string name, Scenario scenario, bool[] removed)
    {
        var flow = Assert.Single(Build(scenario), f => f.Node == "node-1");

        for (var i = 0; i < removed.Length; i++)
        {
            Assert.True(removed[i] == flow.Steps[i].Removed, $"{name}: step {flow.Steps[i].Stage} removed should be {removed[i]}");
            if (flow.Steps[i].Removed)
            {
                Assert.Equal(FlowStepState.Done, flow.Steps[i].State);
                Assert.Null(flow.Steps[i].At);
            }
        }

        // Steps not passed yet are never "removed", and a removed object is no blocker.
        Assert.All(flow.Steps.Where(s => s.State != FlowStepState.Done), s => Assert.False(s.Removed));
        Assert.Null(flow.Blocker);
    }

    [Fact]
    public void The_bootstrap_csr_names_its_token_and_the_stage_time_is_the_step_time()
    {
        var scenario = new Scenario
        {
            Tokens = [Token("abc123", TokenStatus.Valid, node: null)],
            Csrs = [ClientCsr("csr-a", CsrState.Approved, Ago(4), decided: Ago(2))],
        };

        var flow = Assert.Single(Build(scenario));

        Assert.Equal("abc123", flow.TokenId);
        Assert.Equal("csr-a", flow.BootstrapCsr);
        Assert.Equal(Now - TimeSpan.FromMinutes(2), flow.Since);
        Assert.False(flow.NodeExists);
    }

    [Fact]
    public void Tokens_not_for_a_node_and_unrelated_csrs_make_no_flow()
    {
        var scenario = new Scenario
        {
            Tokens = [Token("zzz999", TokenStatus.Valid, node: null)],
            Csrs = [new CsrEntry(new CsrView { Name = "csr-user", SignerName = KubernetesSignerNames.KubeApiServerClient, Username = "alice", CommonName = "alice" }, Verdict())],
        };

        Assert.Empty(Build(scenario));
    }

    [Fact]
    public void The_snapshot_pages_blocked_first_and_filters_by_stage()
    {
        var flows = Enumerable.Range(0, 7)
            .Select(i => new NodeFlow($"n{i}", i % 2 == 0 ? BootstrapStage.Registered : BootstrapStage.CsrCreated, Now,
                i == 5 ? new FlowBlocker(FlowBlockerSeverity.Blocked, CommonText.Plain("stuck")) : null, [], null, null, null, i % 2 == 0))
            .ToArray();
        var snapshot = new BootstrapFlowSnapshot(flows, Now, true);

        var first = snapshot.Page(new FlowQuery(PageSize: 3));
        var csrStage = snapshot.Page(new FlowQuery(Stage: BootstrapStage.CsrCreated, PageSize: 10));
        var last = snapshot.Page(new FlowQuery(Page: 99, PageSize: 3));

        Assert.Equal(["n5", "n0", "n1"], first.Items.Select(f => f.Node));
        Assert.Equal(7, first.Total);
        Assert.Equal(3, first.Pages);
        Assert.Equal(["n5", "n1", "n3"], csrStage.Items.Select(f => f.Node));
        Assert.Equal(3, last.Page);
        Assert.Equal(1, snapshot.Blocked);
        Assert.Equal(4, snapshot.ByStage[BootstrapStage.Registered]);
    }

    [Theory]
    [InlineData("csr", true, BootstrapStage.CsrCreated)]
    [InlineData("Registered", true, BootstrapStage.Registered)]
    [InlineData("nonsense", false, BootstrapStage.Token)]
    [InlineData(null, false, BootstrapStage.Token)]
    public void Stage_names_parse(string? text, bool ok, BootstrapStage stage)
    {
        Assert.Equal(ok, FlowStageText.TryParse(text, out var parsed));
        Assert.Equal(stage, parsed);
    }

    private static IReadOnlyList<NodeFlow> Build(Scenario s)
    {
        var nodes = s.Node is { } created
            ? new[] { new V1Node { Metadata = new V1ObjectMeta { Name = "node-1", CreationTimestamp = created.UtcDateTime }, Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }] } } }
            : [];
        var facts = new Dictionary<string, NodeLedgerFacts>(StringComparer.Ordinal)
        {
            ["node-1"] = new("node-1", s.Client, null, null, null, null),
        };
        var board = NodeBoardBuilder.Build(nodes, facts, Policy, Now);
        return BootstrapFlowBuilder.Build(s.Tokens, [.. s.Csrs, .. s.Serving], nodes, board, Now, Thresholds);
    }

    private static DateTimeOffset Ago(int minutes) => Now - TimeSpan.FromMinutes(minutes);

    private static BootstrapTokenInfo Token(string id, TokenStatus status, string? node = "node-1") => new(
        id, "bootstrap-token-" + id, null, status == TokenStatus.Expired ? Now - TimeSpan.FromHours(1) : Now + TimeSpan.FromMinutes(40), ["authentication", "signing"],
        [], node, false, status, null, Now - TimeSpan.FromHours(25), [], []);

    private static CsrEntry ClientCsr(string name, CsrState state, DateTimeOffset created, DateTimeOffset? decided = null, string user = "system:bootstrap:abc123",
        bool autoApprove = false, string? failReason = null, string? message = null)
    {
        var conditions = state switch
        {
            CsrState.Approved or CsrState.Issued => new[] { new CsrConditionView("Approved", "True", "AutoApproved", message, decided, decided) },
            CsrState.Denied => [new CsrConditionView("Denied", "True", "PortalDenied", message, decided, decided)],
            _ => [],
        };
        var view = new CsrView
        {
            Name = name,
            SignerName = KubernetesSignerNames.KubeApiServerClientKubelet,
            Username = user,
            CommonName = "system:node:node-1",
            NodeName = "node-1",
            State = state,
            CreatedAt = created,
            Conditions = conditions,
        };
        return new CsrEntry(view, Verdict(autoApprove, failReason));
    }

    private static CsrEntry ServingCsr(string name, DateTimeOffset created) => new(new CsrView
    {
        Name = name,
        SignerName = KubernetesSignerNames.KubeletServing,
        Username = "system:node:node-1",
        CommonName = "system:node:node-1",
        NodeName = "node-1",
        State = CsrState.Pending,
        CreatedAt = created,
    }, Verdict());

    private static CsrVerdict Verdict(bool autoApprove = false, string? failReason = null)
    {
        var checks = failReason is null ? Array.Empty<CsrCheck>() : [new CsrCheck("identity", CsrCheckResult.Fail, CommonText.Plain(failReason))];
        return new CsrVerdict(failReason is null ? CsrVerdictResult.Pass : CsrVerdictResult.Fail, checks,
            new AutoApprovalPrediction(autoApprove, ["nodeclient"], autoApprove ? "nodeclient" : null, null, CommonText.Plain(autoApprove ? "Would auto-approve." : "Would not.")));
    }

    /// <summary>A node's inputs: tokens, client and serving CSRs, the Node's creation time and the ledger's current client certificate.</summary>
    public sealed record Scenario
    {
        public IReadOnlyList<BootstrapTokenInfo> Tokens { get; init; } = [];

        public IReadOnlyList<CsrEntry> Csrs { get; init; } = [];

        public IReadOnlyList<CsrEntry> Serving { get; init; } = [];

        public DateTimeOffset? Node { get; init; }

        public LedgerCertificate? Client { get; init; }

        public override string ToString() => "scenario";
    }

    private static LedgerCertificate Cert(DateTimeOffset notBefore) => new("0A", "CN = kubernetes", "CN = system:node:node-1", "node-1", CertificateKind.Client,
        notBefore, notBefore + TimeSpan.FromDays(365), "AA", true, "csr", "uid", null, notBefore, Now);
}
