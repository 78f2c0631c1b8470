using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Csrs.Serving;
using BootstrapPortal.Core.Flow;
using BootstrapPortal.Core.Ledger;
using BootstrapPortal.Core.Overview;
using BootstrapPortal.Core.Tokens;
using BootstrapPortal.Tests.Shared;
using BootstrapPortal.Web.Components.Csrs;
using BootstrapPortal.Web.Components.Pages;
using BootstrapPortal.Web.Components.Shared;
using Bunit;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Web.Tests.Components;

/// <summary>
/// Node status reports (heartbeats) against the real portal on its sandbox, sent through the API server over HTTPS with the
/// official client and seen by the real cluster cache: they rebuild no read model (catalogue entries, nodes board, flow,
/// overview) and render no page, while a Ready flip does the work it should, and the re-join verdict of a pending kubelet
/// client request follows the node's heartbeat and Ready condition in both directions. The portal judges by a clock that
/// moves only when a test moves it (its timers are real), so no time-driven recheck falls into a count.
/// </summary>
public sealed class NodeHeartbeatTests(NodeHeartbeatTests.Fixture fixture) : IClassFixture<NodeHeartbeatTests.Fixture>
{
    private const int Reports = 20;
    private const string KubeletClientSigner = "kubernetes.io/kube-apiserver-client-kubelet";

    // Neither a bootstrap token nor the node: allowed to create CSRs, not to have them auto-approved, so its request stays pending.
    private const string Operator = "ops-heartbeat@example.com";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    private readonly ManualClock _pageClock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task Heartbeats_rebuild_no_read_model_and_render_no_page()
    {
        await fixture.WaitUntilQuietAsync();
        await using var ctx = PageContext();
        var cut = ctx.Render<CertificateRequests>();
        var reports = cut.Instance.ReportRefresh!;
        await SettleAsync(cut.Instance.LiveRefresh!);
        await SettleAsync(reports);
        var nodes = fixture.Cache.Nodes.Items.Select(n => n.Metadata.Name).Where(n => !n.StartsWith("rejoin-", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(nodes);

        // Anything else the cluster does in the meantime (a CSR, the board's 30-second tick) would be counted too: try again then.
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var csrs = fixture.Cache.CertificateSigningRequests.Items;
            var revision = fixture.Cache.NodeRevision;
            var statusReports = fixture.Cache.NodeStatusReports;
            var catalogue = fixture.Catalog.Snapshot;
            var fullBuilds = fixture.Catalog.FullBuilds;
            var judged = fixture.Catalog.Judgements;
            var boardSignals = fixture.Board.NodeSignals;
            var boardBuilds = fixture.Board.Builds;
            var flow = fixture.Flow.Snapshot;
            var overview = fixture.Overview.Snapshot;
            var tokens = fixture.Tokens.Snapshot;
            var renders = DataRenders(cut);
            var looked = reports.Refreshes;

            // Each report a later second (an update that changes nothing is no event, in kube-apiserver as in the sandbox).
            var start = DateTime.UtcNow.AddSeconds(attempt * Reports);
            for (var i = 0; i < Reports; i++)
            {
                await fixture.ReportAsync(nodes[i % nodes.Length], start.AddSeconds(i + 1));
            }

            await WaitAsync(reports, () => reports.Refreshes > looked && reports.IsIdle, "the page looked at the reports");
            var after = fixture.Catalog.Snapshot;
            if (!ReferenceEquals(csrs, fixture.Cache.CertificateSigningRequests.Items) || revision != fixture.Cache.NodeRevision
                || (fixture.Board.Builds != boardBuilds && fixture.Board.NodeSignals == boardSignals))
            {
                continue;
            }

            Assert.True(fixture.Cache.NodeStatusReports - statusReports >= Reports, $"{fixture.Cache.NodeStatusReports - statusReports} status reports seen");
            Assert.Equal(fullBuilds, fixture.Catalog.FullBuilds);
            Assert.Equal(judged, fixture.Catalog.Judgements);
            Assert.Same(catalogue.Entries, after.Entries);
            Assert.Same(catalogue.Facets, after.Facets);
            Assert.All(nodes, n => Assert.Same(fixture.Cache.Nodes.Get(null, n), after.Context.FindNode(n)));
            Assert.Equal(boardSignals, fixture.Board.NodeSignals);
            Assert.Equal(boardBuilds, fixture.Board.Builds);
            Assert.Same(flow, fixture.Flow.Snapshot);
            Assert.Same(overview, fixture.Overview.Snapshot);
            Assert.Same(tokens, fixture.Tokens.Snapshot);
            Assert.Equal(renders, DataRenders(cut));
            return;
        }

        Assert.Fail("the cluster never held still for " + Reports + " status reports");
    }

    [Fact]
    public async Task A_rejoin_verdict_follows_the_heartbeat_and_a_ready_flip_does_the_expected_work()
    {
        await fixture.WaitUntilQuietAsync();
        var node = "rejoin-" + Guid.NewGuid().ToString("N")[..8];
        var clock = fixture.Clock;
        await fixture.Admin.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = node } }, cancellationToken: Timeout());
        await fixture.SetReadyAsync(node, "True", transition: clock.GetUtcNow().AddHours(-1), heartbeat: clock.GetUtcNow());

        // Timestamps have whole seconds: the request must come a later second than the Node to be judged against it.
        var registered = fixture.Cache.Nodes.Get(null, node)!.Metadata.CreationTimestamp!.Value;
        await Eventually(() => DateTime.UtcNow >= registered.AddSeconds(1.2), "a second passed since the Node registered");
        var name = await fixture.CreateRejoinRequestAsync(node);
        Assert.Equal(CsrCheckResult.Fail, Takeover(name));

        // The kubelet goes quiet: once the re-join window has passed the verdict turns to a re-join warning (the clock recheck).
        clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(CsrCheckResult.Warn, Takeover(name));

        await using var ctx = PageContext();
        var cut = ctx.Render<CertificateRequests>();
        var reports = cut.Instance.ReportRefresh!;
        await SettleAsync(cut.Instance.LiveRefresh!);
        await SettleAsync(reports);
        Assert.Contains(cut.FindAll("[data-testid=csr-link]"), a => a.TextContent.Trim() == name);

        // A status report that moves only the heartbeat: the node reports again, so the same request is a takeover again.
        // Only this entry is judged again, no other entry is replaced, nothing but the catalogue notices.
        var before = fixture.Catalog.Snapshot;
        var judged = fixture.Catalog.Judgements;
        var revision = fixture.Cache.NodeRevision;
        var boardSignals = fixture.Board.NodeSignals;
        var renders = DataRenders(cut);
        var looked = reports.Refreshes;
        await fixture.ReportAsync(node, clock.GetUtcNow().UtcDateTime);
        await TakeoverBecomesAsync(name, CsrCheckResult.Fail);
        Assert.Equal(revision, fixture.Cache.NodeRevision);
        Assert.Equal(boardSignals, fixture.Board.NodeSignals);
        Assert.Equal(1, fixture.Catalog.Judgements - judged);
        var after = fixture.Catalog.Snapshot;
        Assert.All(before.Entries.Where(e => e.Name != name), e => Assert.Same(e, after.Find(e.Name)));

        // The page shows the request: the report that moved its verdict renders it once.
        await WaitAsync(reports, () => reports.Refreshes > looked && reports.IsIdle, "the page looked at the report");
        Assert.Equal(renders + 1, DataRenders(cut));

        // The node lifecycle controller marks it Unknown (a Ready flip, content): the board, the flow and the verdict follow.
        var boardBuilds = fixture.Board.Builds;
        var flow = fixture.Flow.Snapshot;
        judged = fixture.Catalog.Judgements;
        await fixture.SetReadyAsync(node, "Unknown", transition: clock.GetUtcNow().AddMinutes(-11), heartbeat: clock.GetUtcNow().AddMinutes(-11));
        await TakeoverBecomesAsync(name, CsrCheckResult.Warn);
        Assert.True(fixture.Cache.NodeRevision > revision, "the flip is a content change");
        Assert.Equal(1, fixture.Catalog.Judgements - judged);
        Assert.True(fixture.Board.NodeSignals > boardSignals, "the flip asked the board to rebuild");
        await Eventually(() => fixture.Board.Builds > boardBuilds && fixture.Board.Current.Rows.Any(r => r.Name == node && r.Ready != true),
            "the board shows the node not ready");
        Assert.NotSame(flow, fixture.Flow.Snapshot);

        // Ready again, reporting: a takeover again.
        judged = fixture.Catalog.Judgements;
        await fixture.SetReadyAsync(node, "True", transition: clock.GetUtcNow(), heartbeat: clock.GetUtcNow());
        await TakeoverBecomesAsync(name, CsrCheckResult.Fail);
        Assert.Equal(1, fixture.Catalog.Judgements - judged);
    }

    // A Node change is served stale while another reader (the page's refresh) builds the next snapshot, so the verdict is
    // read until the build that judged it has been published.
    private Task TakeoverBecomesAsync(string name, CsrCheckResult expected) =>
        Eventually(() => Takeover(name) == expected, $"the takeover check of {name} became {expected}");

    private CsrCheckResult? Takeover(string name) => fixture.Catalog.Get(name)?.Verdict.Find(CsrCheckIds.NodeTakeover)?.Result;

    private BunitContext PageContext() => ComponentTestContext.Create(services =>
    {
        var portal = fixture.Server.Services;
        services.AddSingleton(portal.GetRequiredService<ClusterCache>());
        services.AddSingleton(portal.GetRequiredService<CsrCatalog>());
        services.AddSingleton(portal.GetRequiredService<ICsrListSource>());
        services.AddSingleton(portal.GetRequiredService<ICsrApprovalService>());
        services.AddSingleton(portal.GetRequiredService<IServingPolicyStore>());
        services.AddSingleton<TimeProvider>(_pageClock);
        services.AddScoped<BrowserFiles>();
    });

    /// <summary>The page's own renders for data (not the relative-time tick's, nor its children's).</summary>
    private static int DataRenders(IRenderedComponent<CertificateRequests> cut) => cut.Instance.Renders - cut.Instance.ClockRenders;

    private async Task SettleAsync(CacheRefresh refresh) => await WaitAsync(refresh, () => refresh.IsIdle, "the page's refresh settled");

    /// <summary>Polls <paramref name="condition"/>, moving the page's clock past the throttle whenever a refresh waits for it.</summary>
    private async Task WaitAsync(CacheRefresh refresh, Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, what);
            if (refresh.IsWaiting)
            {
                _pageClock.Advance(CsrListLinks.RefreshInterval);
            }

            await Task.Delay(10);
        }
    }

    private static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting until " + what);
            await Task.Delay(20);
        }
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(Patience).Token;

    /// <summary>A clock whose time moves only when a test moves it; its timers and timestamps are the system's.</summary>
    public sealed class JudgingClock(DateTimeOffset start) : TimeProvider
    {
        private long _ticks = start.UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }

    /// <summary>The portal on a sandbox with two kubelets (no serving requests, no misfits), judging by a <see cref="JudgingClock"/>.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public Fixture()
        {
            Server = new PortalServer(new Dictionary<string, string?>
            {
                ["Sandbox:Nodes"] = "2",
                ["Sandbox:DemoMisfits"] = "false",
                ["Sandbox:ServingCertificates"] = "false",
            }, services => services.AddSingleton<TimeProvider>(Clock));
        }

        public JudgingClock Clock { get; } = new(DateTimeOffset.UtcNow);

        public PortalServer Server { get; }

        public IKubernetes Admin { get; private set; } = null!;

        public ClusterCache Cache => Server.Services.GetRequiredService<ClusterCache>();

        public CsrCatalog Catalog => Server.Services.GetRequiredService<CsrCatalog>();

        public NodeCertificateBoard Board => Server.Services.GetRequiredService<NodeCertificateBoard>();

        public BootstrapFlowService Flow => Server.Services.GetRequiredService<BootstrapFlowService>();

        public OverviewService Overview => Server.Services.GetRequiredService<OverviewService>();

        public IBootstrapTokenService Tokens => Server.Services.GetRequiredService<IBootstrapTokenService>();

        public async Task InitializeAsync()
        {
            using var http = new HttpClient { BaseAddress = Server.Start(), Timeout = TimeSpan.FromMinutes(2) };
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
            while ((await http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode != HttpStatusCode.OK)
            {
                Assert.True(DateTime.UtcNow < deadline, "the portal became ready");
                await Task.Delay(250);
            }

            Admin = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Path.Combine(Server.DataDirectory, "sandbox-admin.kubeconfig")));
            while (Cache.Nodes.Items.Count < 2 || !Catalog.IsSynced)
            {
                Assert.True(DateTime.UtcNow < deadline, $"the cache holds {Cache.Nodes.Items.Count} of the sandbox's 2 nodes");
                await Task.Delay(100);
            }
        }

        /// <summary>Every kubelet has its client certificate: no request is pending or half-way, so no CSR changes on its own.</summary>
        public Task WaitUntilQuietAsync() => Eventually(
            () => Catalog.Snapshot.Entries.Where(e => !e.View.NodeName?.StartsWith("rejoin-", StringComparison.Ordinal) ?? true)
                .All(e => e.View.State is CsrState.Issued or CsrState.Denied or CsrState.Failed),
            "every kubelet's request was issued");

        /// <summary>A kubelet's status report: every condition's heartbeat moves to <paramref name="beat"/>, nothing else.</summary>
        public async Task ReportAsync(string node, DateTime beat)
        {
            var live = await Admin.CoreV1.ReadNodeStatusAsync(node, cancellationToken: Timeout());
            foreach (var condition in live.Status?.Conditions ?? [])
            {
                condition.LastHeartbeatTime = beat;
            }

            await SeenAsync(node, await Admin.CoreV1.ReplaceNodeStatusAsync(live, node, cancellationToken: Timeout()));
        }

        /// <summary>Sets the node's Ready condition (and its addresses, so it looks like a registered kubelet).</summary>
        public async Task SetReadyAsync(string node, string status, DateTimeOffset transition, DateTimeOffset heartbeat)
        {
            var live = await Admin.CoreV1.ReadNodeStatusAsync(node, cancellationToken: Timeout());
            live.Status ??= new V1NodeStatus();
            live.Status.Addresses = [new V1NodeAddress { Type = "InternalIP", Address = "10.99.0.9" }];
            live.Status.Conditions =
            [
                new V1NodeCondition
                {
                    Type = "Ready",
                    Status = status,
                    Reason = status == "True" ? "KubeletReady" : "NodeStatusUnknown",
                    Message = status == "True" ? "kubelet is posting ready status" : "Kubelet stopped posting node status.",
                    LastTransitionTime = transition.UtcDateTime,
                    LastHeartbeatTime = heartbeat.UtcDateTime,
                },
            ];
            await SeenAsync(node, await Admin.CoreV1.ReplaceNodeStatusAsync(live, node, cancellationToken: Timeout()));
        }

        /// <summary>
        /// A kubelet client request for <paramref name="node"/>'s name by an operator (neither the node nor a bootstrap token)
        /// whom RBAC lets create CSRs but not have them auto-approved, so it stays pending; returns its name once the catalogue
        /// has it. Sent by the admin impersonating the operator, so the API server records the operator as the requester.
        /// </summary>
        public async Task<string> CreateRejoinRequestAsync(string node)
        {
            await GrantCsrCreationAsync();
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest(new X500DistinguishedName($"O=system:nodes, CN=system:node:{node}"), key, HashAlgorithmName.SHA256);
            using var response = await Admin.CertificatesV1.CreateCertificateSigningRequestWithHttpMessagesAsync(new V1CertificateSigningRequest
            {
                Metadata = new V1ObjectMeta { GenerateName = node + "-" },
                Spec = new V1CertificateSigningRequestSpec
                {
                    Request = Encoding.ASCII.GetBytes(request.CreateSigningRequestPem()),
                    SignerName = KubeletClientSigner,
                    Usages = ["digital signature", "client auth"],
                },
            }, customHeaders: new Dictionary<string, IReadOnlyList<string>> { ["Impersonate-User"] = [Operator] }, cancellationToken: Timeout());
            var name = response.Body.Metadata.Name;
            Assert.Equal(Operator, response.Body.Spec.Username);
            await Eventually(() => Catalog.Get(name) is not null, "the catalogue has " + name);
            return name;
        }

        private async Task GrantCsrCreationAsync()
        {
            const string binding = "heartbeat-test-operator-csrs";
            if (Cache.ClusterRoleBindings.Get(null, binding) is not null)
            {
                return;
            }

            await Admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
            {
                Metadata = new V1ObjectMeta { Name = binding },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "system:node-bootstrapper" },
                Subjects = [new Rbacv1Subject { ApiGroup = "rbac.authorization.k8s.io", Kind = "User", Name = Operator }],
            }, cancellationToken: Timeout());
            await Eventually(() => Cache.ClusterRoleBindings.Get(null, binding) is not null, "the cache has the operator's binding");
        }

        public async Task DisposeAsync()
        {
            Admin?.Dispose();
            await Server.DisposeAsync();
        }

        private Task SeenAsync(string node, V1Node written) => Eventually(
            () => Cache.Nodes.Get(null, node)?.Metadata.ResourceVersion == written.Metadata.ResourceVersion, "the cache saw " + node + " at " + written.Metadata.ResourceVersion);
    }
}
