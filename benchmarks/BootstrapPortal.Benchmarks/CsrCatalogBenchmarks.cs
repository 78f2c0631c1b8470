using System.Globalization;
using BenchmarkDotNet.Attributes;
using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Cluster;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Sandbox;
using BootstrapPortal.Sandbox.Fleet;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Benchmarks;

/// <summary>
/// The CSR read model after one object changed, at 10,000 CSRs (2,000 pending, 8,000 issued): an in-process sandbox holds
/// the CSRs (its fleet preload, <c>Sandbox:Fleet</c>), the portal's <see cref="ClusterCache"/> lists and watches them over HTTPS, and before each measured call one CSR
/// is relabelled through the API and the watch event awaited. Measured: the snapshot rebuild after that change (incremental:
/// only the changed CSR and those of its node are judged again), the first page of 100 after it (a state filter and a sort
/// by requestor: the rebuild plus the sort of the new snapshot, made once and kept), and the same page on an unchanged
/// snapshot (a filter and a slice). Also the rebuild and the first page after one heartbeat-only Node change (the Ready
/// condition's <c>lastHeartbeatTime</c> moved through the API, as a kubelet's status report does) at 5,000 Nodes.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(SandboxBenchmarkConfig))]
public class CsrCatalogBenchmarks : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private SandboxCluster _sandbox = null!;
    private Kubernetes _client = null!;
    private ClusterCache _cache = null!;
    private CsrCatalog _catalog = null!;
    private ServiceProvider _services = null!;
    private string[] _names = [];
    private string[] _nodes = [];
    private int _round;

    [Params(10000)]
    public int Csrs { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var directory = Directory.CreateTempSubdirectory("bp-bench-sandbox-").FullName;
        var pending = Csrs / 5;
        _sandbox = await SandboxCluster.StartAsync(new SandboxOptions
        {
            DataDirectory = directory,
            Nodes = 0,
            DemoMisfits = false,
            Fleet = new SandboxFleetOptions { Nodes = Csrs / 2, PendingCsrs = pending, IssuedCsrs = Csrs - pending, Seed = 42 },
        }, NullLoggerFactory.Instance);
        _client = new Kubernetes(_sandbox.CreateAdminConfiguration());

        // The portal's own CSR services, wired as the portal wires them, over a cache that lists and watches the sandbox.
        _cache = new ClusterCache(Options.Create(new InformerOptions()), TimeProvider.System, NullLoggerFactory.Instance);
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(new ClusterEndpoint("sandbox", KubernetesMode.Sandbox, _sandbox.CreateAdminConfiguration()))
            .AddSingleton<IKubernetes>(_client)
            .AddSingleton(_cache)
            .AddBootstrapPortalCsrs(new ConfigurationBuilder().Build())
            .BuildServiceProvider();
        _ = _cache.RunAsync(_client, _stop.Token);
        await WaitAsync(() => _cache.IsSynced && _cache.CertificateSigningRequests.Count >= Csrs, TimeSpan.FromMinutes(10));
        _catalog = _services.GetRequiredService<CsrCatalog>();
        _names = [.. _cache.CertificateSigningRequests.Items.Select(c => c.Metadata.Name).Order(StringComparer.Ordinal)];
        _nodes = [.. _cache.Nodes.Items.Select(n => n.Metadata.Name).Order(StringComparer.Ordinal)];
        if (_catalog.List().Count < Csrs)
        {
            throw new InvalidOperationException("the catalogue does not hold every CSR");
        }
    }

    private static readonly CsrListQuery PendingByRequestor = new()
    {
        States = new HashSet<CsrState> { CsrState.Pending },
        Sort = CsrSortKey.Requestor,
        Direction = BootstrapPortal.Core.Paging.SortDirection.Ascending,
        Limit = 100,
    };

    /// <summary>One CSR changes (a label, as any client may set), and the watch brings the new version into the cache.</summary>
    [IterationSetup(Targets = [nameof(RebuildAfterOneChange), nameof(FirstPageAfterOneChange)])]
    public void ChangeOne()
    {
        var name = _names[_round++ % _names.Length];
        var patch = new V1Patch("{\"metadata\":{\"labels\":{\"bench-round\":\"" + _round.ToString(CultureInfo.InvariantCulture) + "\"}}}", V1Patch.PatchType.MergePatch);
        var changed = _client.CertificatesV1.PatchCertificateSigningRequestAsync(patch, name).GetAwaiter().GetResult();
        WaitAsync(() => _cache.CertificateSigningRequests.Get(null, name)?.Metadata.ResourceVersion == changed.Metadata.ResourceVersion, TimeSpan.FromSeconds(60))
            .GetAwaiter().GetResult();
    }

    /// <summary>One Node reports its status (only the conditions' heartbeat times move), and the watch brings it into the cache.</summary>
    [IterationSetup(Targets = [nameof(RebuildAfterOneHeartbeat), nameof(FirstPageAfterOneHeartbeat)])]
    public void HeartbeatOne()
    {
        var name = _nodes[_round++ % _nodes.Length];
        var node = _client.CoreV1.ReadNodeStatus(name);
        foreach (var condition in node.Status?.Conditions ?? [])
        {
            condition.LastHeartbeatTime = DateTime.UtcNow;
        }

        var reported = _client.CoreV1.ReplaceNodeStatus(node, name);
        WaitAsync(() => _cache.Nodes.Get(null, name)?.Metadata.ResourceVersion == reported.Metadata.ResourceVersion, TimeSpan.FromSeconds(60))
            .GetAwaiter().GetResult();
    }

    [Benchmark(Description = "CSR list rebuild after one heartbeat-only Node change, 5,000 Nodes / 10,000 CSRs")]
    public int RebuildAfterOneHeartbeat() => _catalog.Snapshot.Entries.Count;

    [Benchmark(Description = "First page of 100 after one heartbeat-only Node change (pending, by requestor), 5,000 Nodes / 10,000 CSRs")]
    public int FirstPageAfterOneHeartbeat() => _catalog.Query(PendingByRequestor).Items.Count;

    [Benchmark(Description = "CSR list rebuild after one change, 10,000 CSRs")]
    public int RebuildAfterOneChange() => _catalog.Snapshot.Entries.Count;

    [Benchmark(Description = "First page of 100 after one change (pending, by requestor), 10,000 CSRs")]
    public int FirstPageAfterOneChange() => _catalog.Query(PendingByRequestor).Items.Count;

    [Benchmark(Description = "Page of 100 on an unchanged snapshot (pending, by requestor), 10,000 CSRs")]
    public int PageOfUnchangedSnapshot() => _catalog.Query(PendingByRequestor).Items.Count;

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _stop.CancelAsync();
        await _services.DisposeAsync();
        await _sandbox.DisposeAsync();
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _client?.Dispose();
            _stop.Dispose();
        }
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the cluster cache did not reach the expected state in " + timeout);
            }

            await Task.Delay(20);
        }
    }
}
