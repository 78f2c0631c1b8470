using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Tests.Csrs;
using BootstrapPortal.Sandbox;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace BootstrapPortal.Core.Tests.Cache;

/// <summary>
/// The CSR cache against the sandbox when the server's watch history is compacted (410 Expired): it must re-list and end with
/// exactly the server's objects, including those created and deleted around the expiry.
/// </summary>
public sealed class WatchExpiryTests : IAsyncLifetime, IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("bp-expiry-").FullName;
    private SandboxCluster _sandbox = default!;
    private Kubernetes _client = default!;

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxCluster.StartAsync(new SandboxOptions { Nodes = 0, DemoMisfits = false, DataDirectory = _dataDirectory }, NullLoggerFactory.Instance);
        _client = new Kubernetes(_sandbox.CreateAdminConfiguration());
    }

    private Task<V1CertificateSigningRequest> CreateCsr(string name) => _client.CertificatesV1.CreateCertificateSigningRequestAsync(new V1CertificateSigningRequest
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1CertificateSigningRequestSpec
        {
            Request = TestCsrs.RequestPem(name, ["test"]),
            SignerName = "example.com/cache-test",
            Usages = ["digital signature"],
        },
    });

    private async Task<string[]> ServerNames() =>
        [.. (await _client.CertificatesV1.ListCertificateSigningRequestAsync()).Items.Select(c => c.Metadata.Name).Where(n => n.StartsWith("expiry-", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    private static string[] CachedNames(ResourceInformer<V1CertificateSigningRequest> informer) =>
        [.. informer.Items.Select(c => c.Metadata.Name).Where(n => n.StartsWith("expiry-", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Csr_cache_relists_after_410_and_loses_no_event()
    {
        var informer = new ResourceInformer<V1CertificateSigningRequest>(ClusterResourceSources.CertificateSigningRequests,
            new InformerOptions { MinWatchTimeout = TimeSpan.FromSeconds(1) }, TimeProvider.System, NullLogger.Instance);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var run = informer.RunAsync(_client, cts.Token);
        await CsrSandboxFixture.Eventually(() => informer.Status.IsSynced, "the first list completed");

        for (var i = 0; i < 6; i++)
        {
            await CreateCsr($"expiry-{i}");
            if (i > 0 && i % 2 == 0)
            {
                await _client.CertificatesV1.DeleteCertificateSigningRequestAsync($"expiry-{i - 1}");
            }

            // Another kind's write moves the server's resourceVersion past everything the CSR watch has seen; compacting the
            // history then makes the informer's next watch (each lasts about a second) answer 410 Expired.
            await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = $"bump-{i}" } }, "default");
            _sandbox.Store.Compact();
            await Task.Delay(400);
        }

        var expected = await ServerNames();
        Assert.Equal(["expiry-0", "expiry-2", "expiry-4", "expiry-5"], expected);
        await CsrSandboxFixture.Eventually(() => informer.Status.Relists >= 1 && CachedNames(informer).SequenceEqual(expected),
            "the cache re-listed after a 410 and holds exactly the server's CSRs", TimeSpan.FromSeconds(30));

        // And it keeps following changes after the re-list.
        await _client.CertificatesV1.DeleteCertificateSigningRequestAsync("expiry-0");
        await CreateCsr("expiry-after");
        await CsrSandboxFixture.Eventually(() => CachedNames(informer).SequenceEqual(["expiry-2", "expiry-4", "expiry-5", "expiry-after"]),
            "changes after the re-list arrived");
        Assert.Equal(CacheState.Synced, informer.Status.State);
        await cts.CancelAsync();
        await run;
    }

    public void Dispose() => _client?.Dispose();

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
