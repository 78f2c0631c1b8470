using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Ledger;
using BootstrapPortal.Core.Persistence;
using BootstrapPortal.Core.Tests.Csrs;
using BootstrapPortal.Core.Tests.Persistence;
using k8s;
using k8s.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Tests.Ledger;

public sealed class SqliteLedgerRecorderSandboxTests(CsrSandboxFixture sandbox, SqliteDatabaseFixture database)
    : LedgerRecorderSandboxTests(sandbox, database), IClassFixture<CsrSandboxFixture>, IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgresLedgerRecorderSandboxTests(CsrSandboxFixture sandbox, PostgresDatabaseFixture database)
    : LedgerRecorderSandboxTests(sandbox, database), IClassFixture<CsrSandboxFixture>, IClassFixture<PostgresDatabaseFixture>;

/// <summary>
/// The ledger fed by the real cluster cache on the sandbox over HTTPS: CSRs deleted from the cluster stay with their
/// certificates; restarts, a second portal instance and a stop in the middle of a sync neither duplicate nor lose rows.
/// </summary>
public abstract class LedgerRecorderSandboxTests(CsrSandboxFixture sandbox, PortalDatabaseFixture database)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_deleted_csr_stays_in_the_ledger_with_its_certificate_and_the_node_keeps_showing_it()
    {
        await using var recorder = await StartRecorderAsync(sandbox.Cache, sandbox.Catalog, database.Contexts);
        var reader = new LedgerReader(database.Contexts, TimeProvider.System);
        var (node, _) = sandbox.AnyNode();
        LedgerCertificate? client = null;
        await Eventually(async () => (client = (await reader.NodeFactsAsync(CancellationToken.None)).GetValueOrDefault(node)?.Client) is not null,
            "the ledger recorded the client certificate of " + node);
        Assert.Equal(CertificateKind.Client, client!.Kind);
        Assert.Equal(node, client.Node);
        Assert.True(client.ChainsToClusterCa);
        Assert.Equal(LedgerDecision.Approved, client.Decision?.Type);
        Assert.Equal(LedgerEntries.ControllerApprover, client.Decision?.By);

        await sandbox.Admin.CertificatesV1.DeleteCertificateSigningRequestAsync(client.CsrName);
        await Eventually(async () =>
        {
            await using var db = await database.Contexts.CreateDbContextAsync();
            return await db.CsrRecords.AnyAsync(r => r.CsrUid == client.CsrUid && r.DeletedAt != null);
        }, "the ledger saw the deletion");

        var after = (await reader.NodeFactsAsync(CancellationToken.None))[node].Client;
        Assert.Equal(client.SerialNumber, after?.SerialNumber);
        var history = await reader.HistoryAsync(node, CancellationToken.None);
        Assert.Contains(history.Requests, r => r.Name == client.CsrName && r.DeletedAt is not null && r.Decision?.Type == LedgerDecision.Approved);
        Assert.Contains(history.Certificates, c => c.SerialNumber == client.SerialNumber);
        var listed = await reader.CertificatesAsync(new CertificateQuery(Node: node, Kind: CertificateKind.Client), CancellationToken.None);
        Assert.Contains(listed, c => c.SerialNumber == client.SerialNumber && c.CsrUid == client.CsrUid);
    }

    [Fact]
    public async Task A_restart_and_a_second_instance_on_the_same_database_add_no_duplicates()
    {
        var first = await CreateCsrsAsync("restart", 15);
        await using (var recorder = await StartRecorderAsync(sandbox.Cache, sandbox.Catalog, database.Contexts))
        {
            await WaitUntilRecordedAsync(first);
        }

        // A second portal instance: its own cache and catalog, its own database factory, same database; and the first restarted.
        using var stop = new CancellationTokenSource();
        var secondCache = new ClusterCache(Options.Create(new InformerOptions()), TimeProvider.System, NullLoggerFactory.Instance);
        using var secondClient = new Kubernetes(sandbox.Sandbox.CreateAdminConfiguration());
        var secondRun = secondCache.RunAsync(secondClient, stop.Token);
        var secondCatalog = new CsrCatalog(secondCache, new FixedCa(sandbox.Sandbox.CaCertificatePem), sandbox.Policy, sandbox.Options, TimeProvider.System);
        await using (var restarted = await StartRecorderAsync(sandbox.Cache, sandbox.Catalog, database.Contexts))
        await using (var second = await StartRecorderAsync(secondCache, secondCatalog, database.CreateFactory()))
        {
            var more = await CreateCsrsAsync("replica", 15);
            await WaitUntilRecordedAsync([.. first, .. more]);
            await Eventually(() => Task.FromResult(restarted.Recorder.Status.Synced && second.Recorder.Status.Synced), "both instances synced");
            await Task.Delay(500);
            await AssertOneRowEachAsync([.. first, .. more]);
        }

        await stop.CancelAsync();
        await secondRun;
        await AssertOneRowEachAsync(first);
    }

    [Fact]
    public async Task Stopping_in_the_middle_of_a_sync_loses_nothing_the_cluster_still_holds()
    {
        var uids = await CreateCsrsAsync("interrupted", 60);
        var options = new LedgerOptions { BatchSize = 5 };
        // The database stops answering after three batches (as a process would that dies mid-sync); then the process stops.
        var stalling = new StallingFactory(database.Contexts, allowed: 3);
        var interrupted = await StartRecorderAsync(sandbox.Cache, sandbox.Catalog, stalling, options);
        await Eventually(() => Task.FromResult(stalling.Stalled), "the writer stalled mid-sync");
        await interrupted.DisposeAsync();

        await using var db = await database.Contexts.CreateDbContextAsync();
        var before = await db.CsrRecords.CountAsync(r => uids.Contains(r.CsrUid));
        Assert.True(before < uids.Count, $"the sync was interrupted before the end ({before} of {uids.Count} written)");

        await using (var resumed = await StartRecorderAsync(sandbox.Cache, sandbox.Catalog, database.Contexts, options))
        {
            await WaitUntilRecordedAsync(uids);
        }

        await AssertOneRowEachAsync(uids);
    }

    [Fact]
    public async Task A_burst_larger_than_the_queue_never_blocks_the_cache_and_is_recorded_in_full()
    {
        var running = await StartRecorderAsync(sandbox.Cache, sandbox.Catalog, database.Contexts);
        await Eventually(() => Task.FromResult(running.Recorder.Status.Synced), "the recorder synced");
        await running.DisposeAsync();

        // The database stops answering; the cache keeps following the cluster while the small queue overflows.
        var stalling = new StallingFactory(database.Contexts, allowed: 0);
        await using var recorder = await StartRecorderAsync(sandbox.Cache, sandbox.Catalog, stalling, new LedgerOptions { QueueCapacity = 100, BatchSize = 50 });
        var uids = await CreateCsrsAsync("burst", 160);
        Assert.True(recorder.Recorder.Status.Overflows > 0, "the queue overflowed");
        Assert.True(recorder.Recorder.Status.QueueLength <= 100);

        stalling.Release();
        await WaitUntilRecordedAsync(uids);
        await AssertOneRowEachAsync(uids);
    }

    private async Task<List<string>> CreateCsrsAsync(string prefix, int count)
    {
        var created = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (i, ct) =>
        {
            var csr = await sandbox.Admin.CertificatesV1.CreateCertificateSigningRequestAsync(new V1CertificateSigningRequest
            {
                Metadata = new V1ObjectMeta { GenerateName = $"ledger-{prefix}-" },
                Spec = new V1CertificateSigningRequestSpec
                {
                    Request = TestCsrs.RequestPem($"ledger-{prefix}-{i}", organizations: ["ops"]),
                    SignerName = "kubernetes.io/kube-apiserver-client",
                    Usages = TestCsrs.ClientUsages,
                },
            }, cancellationToken: ct);
            created.Add(csr.Metadata.Uid);
        });
        var uids = created.ToList();
        await CsrSandboxFixture.Eventually(
            () => uids.All(uid => sandbox.Cache.CertificateSigningRequests.Items.Any(c => c.Metadata.Uid == uid)), "the cache has the new CSRs", Patience);
        return uids;
    }

    private async Task WaitUntilRecordedAsync(List<string> uids) =>
        await Eventually(async () =>
        {
            await using var db = await database.Contexts.CreateDbContextAsync();
            return await db.CsrRecords.CountAsync(r => uids.Contains(r.CsrUid)) == uids.Count;
        }, $"the ledger recorded {uids.Count} CSRs");

    private async Task AssertOneRowEachAsync(List<string> uids)
    {
        await using var db = await database.Contexts.CreateDbContextAsync();
        var rows = await db.CsrRecords.Where(r => uids.Contains(r.CsrUid)).Select(r => r.CsrUid).ToListAsync();
        Assert.Equal(uids.Count, rows.Count);
        Assert.Equal(uids.Order(), rows.Order());
    }

    private static async Task<RunningRecorder> StartRecorderAsync(ClusterCache cache, CsrCatalog catalog, IDbContextFactory<PortalDbContext> contexts,
        LedgerOptions? options = null)
    {
        var recorder = new LedgerRecorder(cache, catalog, new LedgerWriter(contexts), Options.Create(options ?? new LedgerOptions()), TimeProvider.System,
            NullLogger<LedgerRecorder>.Instance);
        await recorder.StartAsync(CancellationToken.None);
        return new RunningRecorder(recorder);
    }

    private static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting until " + what);
            }

            await Task.Delay(100);
        }
    }

    private sealed class RunningRecorder(LedgerRecorder recorder) : IAsyncDisposable
    {
        public LedgerRecorder Recorder { get; } = recorder;

        public async ValueTask DisposeAsync()
        {
            await Recorder.StopAsync(CancellationToken.None);
            Recorder.Dispose();
        }
    }

    /// <summary>
    /// Hands out <paramref name="allowed"/> contexts, then waits (cancellably) until <see cref="Release"/>, like a database that
    /// stopped answering.
    /// </summary>
    private sealed class StallingFactory(IDbContextFactory<PortalDbContext> inner, int allowed) : IDbContextFactory<PortalDbContext>
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _created;

        public bool Stalled => Volatile.Read(ref _created) > allowed;

        public void Release() => _released.TrySetResult();

        public PortalDbContext CreateDbContext() => throw new NotSupportedException("the ledger creates contexts asynchronously");

        public async Task<PortalDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _created) > allowed)
            {
                await _released.Task.WaitAsync(cancellationToken);
            }

            return await inner.CreateDbContextAsync(cancellationToken);
        }
    }

    private sealed class FixedCa(string pem) : IClusterCaSource
    {
        public string? GetCaPem() => pem;
    }
}
