using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Core.Tests.Csrs;
using k8s;
using k8s.Models;

namespace BootstrapPortal.Core.Tests.ReadModels;

/// <summary>
/// The incrementally built catalogue equals a build from scratch: after each of a few hundred random changes of CSRs and Nodes
/// (requests created, decided and deleted; Nodes created with a random Ready condition, flipped, deleted, and heartbeat-only
/// status reports; the clock moving) on a sandbox, every entry's view is the cached object's, its verdict is what
/// <see cref="CsrVerdicts.Evaluate"/> says from scratch (fresh decoding, a fresh context) at the same instant, and the
/// snapshot's context holds the current Node objects. Also: clock-dependent verdicts are judged again once
/// <see cref="CsrCatalog.ClockRecheck"/> has passed, and only they.
/// </summary>
public sealed class CsrCatalogConsistencyTests(CsrCatalogConsistencyTests.Fixture fixture) : IClassFixture<CsrCatalogConsistencyTests.Fixture>
{
    private const string KubeletSigner = "kubernetes.io/kube-apiserver-client-kubelet";
    private static readonly string[] KubeletUsages = ["digital signature", "client auth"];

    // Not what csrapproving recognises (a kubelet client certificate never serves), so such a request stays pending.
    private static readonly string[] UnrecognisedUsages = ["digital signature", "client auth", "server auth"];
    private static readonly string[] NodeOrganization = ["system:nodes"];

    /// <summary>A class of its own: these tests create Nodes, which make pending requests clock-dependent.</summary>
    public sealed class Fixture : QuietSandboxFixture;

    [Fact]
    public async Task The_incremental_catalogue_equals_a_build_from_scratch_over_random_changes()
    {
        var random = new Random(20261201);
        var nodeNames = Enumerable.Range(0, 6).Select(i => $"prop-node-{i}").ToArray();
        var csrs = new List<string>();
        var operations = 0;
        var builds = fixture.Catalog.Builds;
        for (var step = 0; step < 240; step++)
        {
            var node = nodeNames[random.Next(nodeNames.Length)];
            switch (random.Next(13))
            {
                case 0 or 1 or 2:
                    var usages = random.Next(2) == 0 ? KubeletUsages : UnrecognisedUsages;
                    csrs.Add((await fixture.CreateCsrAsync("system:node:" + node, KubeletSigner, usages, NodeOrganization)).Metadata.Name);
                    break;
                case 3 when csrs.Count > 0:
                    var pending = csrs.Where(n => fixture.Catalog.Get(n)?.View.IsPending == true).ToArray();
                    if (pending.Length > 0)
                    {
                        await fixture.DecideAsync(pending[random.Next(pending.Length)], approve: random.Next(3) != 0);
                    }

                    break;
                case 4 when csrs.Count > 0:
                    var doomed = csrs[random.Next(csrs.Count)];
                    csrs.Remove(doomed);
                    await DeleteCsrAsync(doomed);
                    break;
                case 5 or 6:
                    await UpsertNodeAsync(node, random);
                    break;
                case 7:
                    await DeleteNodeAsync(node);
                    break;
                case 10 or 11:
                    await HeartbeatAsync(node, fixture.Clock.GetUtcNow() - TimeSpan.FromMinutes(random.Next(0, 20)));
                    break;
                case 12:
                    // At least the recheck interval: a clock-dependent verdict may be one interval old (CsrCatalog.ClockRecheck), never more.
                    fixture.Clock.Advance(CsrCatalog.ClockRecheck + TimeSpan.FromSeconds(random.Next(0, 120)));
                    break;
                default:
                    // Let the sandbox's controllers (approving, signing) move on, then compare again.
                    break;
            }

            operations++;
            await AssertEqualsScratchAsync();
        }

        Assert.Equal(240, operations);
        Assert.True(fixture.Catalog.Builds - builds >= 100, $"only {fixture.Catalog.Builds - builds} snapshots were built over {operations} changes");
    }

    [Fact]
    public async Task A_clock_dependent_verdict_is_judged_again_after_the_recheck_interval_and_only_it()
    {
        await fixture.CreateCsrAsync("bystander@example.com", "kubernetes.io/kube-apiserver-client", KubeletUsages);
        var node = "clock-node";
        await UpsertNodeAsync(node, ready: "False", since: fixture.Clock.GetUtcNow());

        // Timestamps have whole seconds: the request must be created in a later second than the Node to be judged against it.
        var registered = fixture.Cache.Nodes.Items.Single(n => n.Metadata.Name == node).Metadata.CreationTimestamp!.Value;
        await CsrSandboxFixture.Eventually(() => DateTime.UtcNow >= registered.AddSeconds(1.2), "a second passed since the Node registered");
        var name = (await fixture.CreateCsrAsync("system:node:" + node, KubeletSigner, UnrecognisedUsages, NodeOrganization)).Metadata.Name;
        await CsrSandboxFixture.Eventually(() => fixture.Catalog.Snapshot.Context.FindNodeFacts(node)?.ReadyStatus == "False", "the catalogue saw " + node);
        await CsrSandboxFixture.Eventually(() => fixture.Catalog.Snapshot.Entries.All(e => e.View.State != CsrState.Approved),
            "every approved request was issued or failed", TimeSpan.FromSeconds(60));

        var before = fixture.Catalog.Snapshot;
        Assert.Equal(CsrCheckResult.Fail, before.Find(name)!.Verdict.Find(CsrCheckIds.NodeTakeover)!.Result);

        fixture.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Same(before, fixture.Catalog.Snapshot);

        fixture.Clock.Advance(TimeSpan.FromMinutes(30));
        var after = fixture.Catalog.Snapshot;
        Assert.NotSame(before, after);
        Assert.Equal(CsrCheckResult.Warn, after.Find(name)!.Verdict.Find(CsrCheckIds.NodeTakeover)!.Result);
        Assert.All(before.Entries.Where(e => !CsrVerdicts.DependsOnClock(e.View, before.Context)), e => Assert.Same(e, after.Find(e.Name)));
    }

    private async Task AssertEqualsScratchAsync()
    {
        // Read the cache's inputs and the snapshot together: retry when a change lands in between.
        for (var attempt = 0; ; attempt++)
        {
            var cache = fixture.Cache;
            var csrs = cache.CertificateSigningRequests.Items;
            var nodes = cache.Nodes.Items;
            var snapshot = fixture.Catalog.Snapshot;
            if (!ReferenceEquals(csrs, cache.CertificateSigningRequests.Items) || !ReferenceEquals(nodes, cache.Nodes.Items))
            {
                Assert.True(attempt < 50, "the cache never held still");
                await Task.Delay(20);
                continue;
            }

            var viewContext = new CsrViewContext(snapshot.Context.Now, fixture.Sandbox.CaCertificatePem);
            var views = csrs.Select(c => CsrViews.Create(c, viewContext)).ToArray();
            var options = fixture.Options.CurrentValue;
            var scratch = new CsrVerdictContext(nodes,
                new RbacPolicy(cache.ClusterRoles.Items, cache.ClusterRoleBindings.Items, cache.Roles.Items, cache.RoleBindings.Items), snapshot.Context.Now)
            {
                Subjects = new RbacSubjectNames(cache.ClusterRoleBindings.Items, cache.RoleBindings.Items),
                History = new ClientCertificateHistory(views),
                MaxRequestedLifetime = options.MaxRequestedLifetime,
                RejoinNotReadyAfter = options.RejoinNotReadyAfter,
                Serving = fixture.Policy.Current.Rules,
            };
            Assert.Equal(views.Length, snapshot.Entries.Count);
            Assert.All(nodes, n => Assert.Same(n, snapshot.Context.FindNode(n.Metadata.Name)));
            Assert.Equal(nodes.Count, snapshot.Context.NodeNames.Count());
            foreach (var view in views)
            {
                var entry = snapshot.Find(view.Name);
                Assert.NotNull(entry);
                Assert.Equal(view.ResourceVersion, entry.View.ResourceVersion);
                AssertSameVerdict(view.Name, CsrVerdicts.Evaluate(view, scratch), entry.Verdict);
            }

            return;
        }
    }

    private static void AssertSameVerdict(string name, CsrVerdict expected, CsrVerdict actual)
    {
        var because = $"{name}: checks equal {expected.Checks.SequenceEqual(actual.Checks)}, decided {expected.Decided == actual.Decided}, as of {expected.AsOf}/{actual.AsOf}, auto {expected.AutoApproval.WouldAutoApprove == actual.AutoApproval.WouldAutoApprove} {expected.AutoApproval.RecognizedAs.SequenceEqual(actual.AutoApproval.RecognizedAs)} {expected.AutoApproval.Explanation == actual.AutoApproval.Explanation}; expected {expected.Result} [{string.Join(" | ", expected.Checks.Select(c => c.Cited))}], was {actual.Result} [{string.Join(" | ", actual.Checks.Select(c => c.Cited))}]";
        Assert.True(expected.Result == actual.Result && expected.Checks.SequenceEqual(actual.Checks) && expected.Decided == actual.Decided
            // A pending request's AsOf is when it was judged: a reused verdict keeps its time, a build from scratch says now.
            && (!expected.Decided || expected.AsOf == actual.AsOf) && expected.AutoApproval.WouldAutoApprove == actual.AutoApproval.WouldAutoApprove
            && expected.AutoApproval.RecognizedAs.SequenceEqual(actual.AutoApproval.RecognizedAs)
            && expected.AutoApproval.Explanation == actual.AutoApproval.Explanation, because);
    }

    private async Task UpsertNodeAsync(string name, Random random)
    {
        var ready = random.Next(3) switch { 0 => "True", 1 => "False", _ => "Unknown" };
        var since = fixture.Clock.GetUtcNow() - TimeSpan.FromMinutes(random.Next(0, 30));
        await UpsertNodeAsync(name, ready, since);
    }

    private async Task UpsertNodeAsync(string name, string ready, DateTimeOffset since)
    {
        var condition = new V1NodeCondition
        {
            Type = "Ready",
            Status = ready,
            Reason = "ReadModelTest",
            LastHeartbeatTime = since.UtcDateTime,
            LastTransitionTime = since.UtcDateTime,
        };
        var admin = fixture.Admin;
        V1Node node;
        try
        {
            node = await admin.CoreV1.ReadNodeAsync(name, cancellationToken: QuietSandboxFixture.Timeout());
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            node = await admin.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = name } }, cancellationToken: QuietSandboxFixture.Timeout());
        }

        node.Status ??= new V1NodeStatus();
        node.Status.Conditions = [condition];
        var updated = await admin.CoreV1.ReplaceNodeStatusAsync(node, name, cancellationToken: QuietSandboxFixture.Timeout());
        await CsrSandboxFixture.Eventually(
            () => fixture.Cache.Nodes.Items.Any(n => n.Metadata.Name == name && n.Metadata.ResourceVersion == updated.Metadata.ResourceVersion),
            "the cache saw node " + name);
    }

    /// <summary>A kubelet's status report: only the conditions' heartbeat times move (nothing when the Node does not exist).</summary>
    private async Task HeartbeatAsync(string name, DateTimeOffset beat)
    {
        V1Node node;
        try
        {
            node = await fixture.Admin.CoreV1.ReadNodeStatusAsync(name, cancellationToken: QuietSandboxFixture.Timeout());
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return;
        }

        foreach (var condition in node.Status?.Conditions ?? [])
        {
            condition.LastHeartbeatTime = beat.UtcDateTime;
        }

        var before = fixture.Cache.Nodes.Get(null, name);
        var updated = await fixture.Admin.CoreV1.ReplaceNodeStatusAsync(node, name, cancellationToken: QuietSandboxFixture.Timeout());
        await CsrSandboxFixture.Eventually(
            () => fixture.Cache.Nodes.Items.Any(n => n.Metadata.Name == name && n.Metadata.ResourceVersion == updated.Metadata.ResourceVersion),
            "the cache saw the report of node " + name);
        Assert.NotEqual(NodeChangeKind.Content, NodeChange.Between(before, fixture.Cache.Nodes.Get(null, name)));
    }

    private async Task DeleteNodeAsync(string name)
    {
        try
        {
            await fixture.Admin.CoreV1.DeleteNodeAsync(name, cancellationToken: QuietSandboxFixture.Timeout());
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return;
        }

        await CsrSandboxFixture.Eventually(() => fixture.Cache.Nodes.Items.All(n => n.Metadata.Name != name), "the cache lost node " + name);
    }

    private async Task DeleteCsrAsync(string name)
    {
        await fixture.Admin.CertificatesV1.DeleteCertificateSigningRequestAsync(name, cancellationToken: QuietSandboxFixture.Timeout());
        await CsrSandboxFixture.Eventually(() => fixture.Catalog.Get(name) is null, "the catalogue lost " + name);
    }
}
