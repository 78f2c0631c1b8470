using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Tests.Csrs;

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

    /// <summary>No request of this sandbox is left half-way (approved and not yet issued), so nothing changes until a test changes it.</summary>
    private Task WaitUntilQuietAsync() => CsrSandboxFixture.Eventually(
        () => fixture.Catalog.Snapshot.Entries.All(e => e.View.State != CsrState.Approved),
        "every approved request was issued", TimeSpan.FromSeconds(60));
}
