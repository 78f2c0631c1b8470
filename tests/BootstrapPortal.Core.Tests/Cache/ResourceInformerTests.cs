using BootstrapPortal.Core.Cache;
using BootstrapPortal.Sandbox;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace BootstrapPortal.Core.Tests.Cache;

/// <summary>The list+watch cache against the sandbox over real HTTPS with the official client.</summary>
public sealed class ResourceInformerTests : IAsyncLifetime, IDisposable
{
    private SandboxCluster _sandbox = default!;
    private Kubernetes _client = default!;
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("bp-informer-").FullName;

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxCluster.StartAsync(new SandboxOptions { Nodes = 0, DemoMisfits = false, DataDirectory = _dataDirectory }, NullLoggerFactory.Instance);
        _client = new Kubernetes(_sandbox.CreateAdminConfiguration());
    }

    private static ResourceInformer<V1ConfigMap> ConfigMapInformer(InformerOptions options) => new(
        new ResourceSource<V1ConfigMap>(
            "configmaps",
            async (c, cont, limit, ct) =>
            {
                var list = await c.CoreV1.ListNamespacedConfigMapAsync("default", continueParameter: cont, limit: limit, cancellationToken: ct);
                return new ResourcePage<V1ConfigMap>(list.Items, list.Metadata?.ResourceVersion, list.Metadata?.ContinueProperty);
            },
            (c, rv, timeout, onError, ct) => c.CoreV1.WatchListNamespacedConfigMapAsync("default", allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)),
        options,
        TimeProvider.System,
        NullLogger.Instance);

    private static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting until " + what);
            }

            await Task.Delay(50);
        }
    }

    private Task<V1ConfigMap> Create(string name) => _client.CoreV1.CreateNamespacedConfigMapAsync(
        new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name }, Data = new Dictionary<string, string> { ["k"] = name } }, "default");

    [Fact]
    public async Task Lists_in_pages_then_follows_adds_updates_and_deletes()
    {
        for (var i = 0; i < 7; i++)
        {
            await Create($"pre-{i}");
        }

        var informer = ConfigMapInformer(new InformerOptions { PageSize = 3 });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = informer.RunAsync(_client, cts.Token);
        await Eventually(() => informer.Status.IsSynced, "the first list completed");
        Assert.Equal(7, informer.Items.Count(c => c.Metadata.Name.StartsWith("pre-", StringComparison.Ordinal)));

        await Create("live");
        await Eventually(() => informer.Get("default", "live") is not null, "the added object arrived");

        var live = await _client.CoreV1.ReadNamespacedConfigMapAsync("live", "default");
        live.Data["k"] = "changed";
        await _client.CoreV1.ReplaceNamespacedConfigMapAsync(live, "live", "default");
        await Eventually(() => informer.Get("default", "live")?.Data?["k"] == "changed", "the update arrived");

        await _client.CoreV1.DeleteNamespacedConfigMapAsync("pre-0", "default");
        await Eventually(() => informer.Get("default", "pre-0") is null, "the delete arrived");

        await cts.CancelAsync();
        await run;
        Assert.Equal(CacheState.Stopped, informer.Status.State);
    }

    [Fact]
    public async Task Raises_one_typed_change_per_event_with_the_previous_state_and_keeps_one_snapshot_until_the_next_change()
    {
        await Create("typed-pre");
        var informer = ConfigMapInformer(new InformerOptions());
        var changes = new System.Collections.Concurrent.ConcurrentQueue<ResourceChange<V1ConfigMap>>();
        informer.ItemChanged += changes.Enqueue;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = informer.RunAsync(_client, cts.Token);
        await Eventually(() => informer.Status.IsSynced, "the first list completed");
        Assert.Same(informer.Items, informer.Items);

        await Create("typed-live");
        await Eventually(() => informer.Get("default", "typed-live") is not null, "the add arrived");
        var live = await _client.CoreV1.ReadNamespacedConfigMapAsync("typed-live", "default");
        live.Data["k"] = "changed";
        await _client.CoreV1.ReplaceNamespacedConfigMapAsync(live, "typed-live", "default");
        await Eventually(() => informer.Get("default", "typed-live")?.Data?["k"] == "changed", "the update arrived");
        await _client.CoreV1.DeleteNamespacedConfigMapAsync("typed-live", "default");
        await Eventually(() => informer.Get("default", "typed-live") is null, "the delete arrived");
        await cts.CancelAsync();
        await run;

        var seen = changes.Where(c => c.Type == ResourceChangeType.Reset || (c.Item?.Metadata.Name == "typed-live")).ToArray();
        Assert.Equal([ResourceChangeType.Reset, ResourceChangeType.Added, ResourceChangeType.Modified, ResourceChangeType.Deleted], seen.Select(c => c.Type));
        Assert.Null(seen[1].Previous);
        Assert.Equal("typed-live", seen[2].Previous?.Data["k"]);
        Assert.Equal("changed", seen[2].Item?.Data["k"]);
        Assert.Equal("changed", seen[3].Previous?.Data["k"]);
    }

    [Fact]
    public async Task Resumes_after_each_watch_ends_without_losing_events()
    {
        // The server ends every watch after one second; the informer must re-watch from its last resourceVersion.
        var informer = ConfigMapInformer(new InformerOptions { MinWatchTimeout = TimeSpan.FromSeconds(1) });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = informer.RunAsync(_client, cts.Token);
        await Eventually(() => informer.Status.IsSynced, "the first list completed");

        for (var i = 0; i < 12; i++)
        {
            await Create($"burst-{i}");
            await Task.Delay(300);
        }

        await Eventually(() => informer.Items.Count(c => c.Metadata.Name.StartsWith("burst-", StringComparison.Ordinal)) == 12, "every object created across watch renewals arrived");
        Assert.Equal(0, informer.Status.Relists);
        await cts.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Retries_with_backoff_while_the_cluster_is_unreachable_and_reports_the_error()
    {
        var unreachable = new Kubernetes(new KubernetesClientConfiguration { Host = "https://127.0.0.1:1", SkipTlsVerify = true });
        var informer = ConfigMapInformer(new InformerOptions { InitialBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(200) });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var run = informer.RunAsync(unreachable, cts.Token);
        await Eventually(() => informer.Status.Reconnects >= 3, "several retries happened");
        Assert.Equal(CacheState.Starting, informer.Status.State);
        Assert.False(string.IsNullOrEmpty(informer.Status.LastError));
        await cts.CancelAsync();
        await run;
    }

    public void Dispose() => _client?.Dispose();

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
