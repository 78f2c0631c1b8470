using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Tests.Csrs;
using k8s;
using k8s.Models;

namespace BootstrapPortal.Core.Tests.ReadModels;

/// <summary>The CSR catalogue on a quiet sandbox: a change judges only what depends on it, and the clock alone builds nothing.</summary>
public sealed class CsrCatalogIncrementalTests(QuietSandboxFixture fixture) : IClassFixture<QuietSandboxFixture>
{
    private const string PersonSigner = "kubernetes.io/kube-apiserver-client";
    private static readonly string[] PersonUsages = ["digital signature", "client auth"];

    [Fact]
    public async Task After_one_csr_changes_every_other_entry_is_the_same_instance()
    {
        var names = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            names.Add((await fixture.CreateCsrAsync($"person-{i}@example.com", PersonSigner, PersonUsages)).Metadata.Name);
        }

        await WaitUntilQuietAsync();
        var before = fixture.Catalog.Snapshot;
        var changed = names[5];
        await fixture.DecideAsync(changed, approve: true);
        await CsrSandboxFixture.Eventually(() => fixture.Catalog.Get(changed)?.View.State == CsrState.Issued, changed + " was issued", TimeSpan.FromSeconds(60));
        var after = fixture.Catalog.Snapshot;

        Assert.True(after.Version > before.Version);
        Assert.Equal(before.Entries.Count, after.Entries.Count);
        var reused = before.Entries.Where(e => e.Name != changed).ToArray();
        Assert.All(reused, e => Assert.Same(e, after.Find(e.Name)));
        Assert.NotSame(before.Find(changed), after.Find(changed));
        Assert.Equal(CsrState.Issued, after.Find(changed)!.View.State);
    }

    [Fact]
    public async Task A_quiet_cache_builds_no_snapshot_when_the_clock_moves_five_minutes()
    {
        await fixture.CreateCsrAsync("quiet@example.com", PersonSigner, PersonUsages);
        await WaitUntilQuietAsync();
        var before = fixture.Catalog.Snapshot;
        var builds = fixture.Catalog.Builds;

        fixture.Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Same(before, fixture.Catalog.Snapshot);
        Assert.Equal(before.Version, fixture.Catalog.Query(new CsrListQuery { Limit = 10 }).Version);
        Assert.Equal(builds, fixture.Catalog.Builds);
    }

    [Fact]
    public async Task A_decision_after_a_node_change_is_judged_against_the_current_node_without_building_a_snapshot()
    {
        const string node = "rm-addresses";
        await fixture.Admin.CoreV1.CreateNodeAsync(new V1Node
        {
            Metadata = new V1ObjectMeta { Name = node },
            Status = new V1NodeStatus { Addresses = [new V1NodeAddress { Type = "InternalIP", Address = "10.77.0.5" }] },
        }, cancellationToken: QuietSandboxFixture.Timeout());
        await CsrSandboxFixture.Eventually(() => fixture.Cache.Nodes.Items.Any(n => n.Metadata.Name == node), "the cache saw " + node);
        var name = await fixture.CreateServingCsrAsync(node, ["10.77.0.5"]);
        await WaitUntilQuietAsync();
        var snapshot = fixture.Catalog.Snapshot;
        Assert.NotEqual(CsrVerdictResult.Fail, snapshot.Find(name)!.Verdict.Result);
        var builds = fixture.Catalog.Builds;

        // The node now reports another address: the request's IP is no longer the node's, which fails the verdict.
        var live = await fixture.Admin.CoreV1.ReadNodeStatusAsync(node, cancellationToken: QuietSandboxFixture.Timeout());
        live.Status.Addresses = [new V1NodeAddress { Type = "InternalIP", Address = "10.77.0.6" }];
        await fixture.Admin.CoreV1.ReplaceNodeStatusAsync(live, node, cancellationToken: QuietSandboxFixture.Timeout());
        await CsrSandboxFixture.Eventually(
            () => fixture.Cache.Nodes.Items.Any(n => n.Metadata.Name == node && n.Status.Addresses.Any(a => a.Address == "10.77.0.6")),
            "the cache saw the new address");
        var csr = await fixture.Admin.CertificatesV1.ReadCertificateSigningRequestAsync(name, cancellationToken: QuietSandboxFixture.Timeout());

        var judged = fixture.Catalog.Evaluate(csr);

        Assert.Equal(CsrVerdictResult.Fail, judged.Verdict.Result);
        Assert.Equal(builds, fixture.Catalog.Builds);
        Assert.Equal(CsrVerdictResult.Fail, fixture.Catalog.Evaluate(csr).Verdict.Result);
        Assert.Equal(builds, fixture.Catalog.Builds);
        Assert.Equal(CsrVerdictResult.Fail, fixture.Catalog.Snapshot.Find(name)!.Verdict.Result);
    }

    /// <summary>No request of this sandbox is left half-way (approved and not yet issued), so nothing changes until a test changes it.</summary>
    private Task WaitUntilQuietAsync() => CsrSandboxFixture.Eventually(
        () => fixture.Catalog.Snapshot.Entries.All(e => e.View.State != CsrState.Approved),
        "every approved request was issued", TimeSpan.FromSeconds(60));
}
