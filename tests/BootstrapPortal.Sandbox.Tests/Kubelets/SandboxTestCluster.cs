using System.Collections.Concurrent;
using System.Diagnostics;
using BootstrapPortal.Sandbox.Controllers;
using BootstrapPortal.Sandbox.Kubelets;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BootstrapPortal.Sandbox.Tests.Kubelets;

/// <summary>
/// A running sandbox (real HTTPS server, controllers, kubelets) for one test class, plus an admin-side recorder of every
/// CSR version seen through a watch (so tests can inspect CSRs the cleaner has already removed).
/// </summary>
public abstract class SandboxTestCluster : IAsyncLifetime, IDisposable
{
    private CancellationTokenSource? _stopping;
    private readonly ConcurrentDictionary<string, V1CertificateSigningRequest> _csrs = new(StringComparer.Ordinal);
    private Task? _recorder;
    private DirectoryInfo? _dataDirectory;

    public SandboxCluster Cluster { get; private set; } = null!;

    public IKubernetes Admin { get; private set; } = null!;

    public SandboxKubeletFleet Fleet => Cluster.Kubelets!;

    /// <summary>Latest version of every CSR seen (also deleted ones).</summary>
    public IReadOnlyCollection<V1CertificateSigningRequest> SeenCsrs => _csrs.Values.ToArray();

    protected abstract void Configure(SandboxOptions options);

    public async Task InitializeAsync()
    {
        _stopping = new CancellationTokenSource();
        _dataDirectory = Directory.CreateTempSubdirectory("sandbox-ctrl-tests");
        var options = new SandboxOptions { Port = 0, DataDirectory = _dataDirectory.FullName, Nodes = 0, DemoMisfits = false, ServingCertificates = false };
        Configure(options);
        var loggerFactory = Environment.GetEnvironmentVariable("SANDBOX_TEST_LOGS") == "1"
            ? LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug))
            : NullLoggerFactory.Instance;
        using var start = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Cluster = await SandboxCluster.StartAsync(options, loggerFactory, start.Token);
        Admin = new Kubernetes(Cluster.CreateAdminConfiguration());
        ControllerInformer<V1CertificateSigningRequest>? informer = null;
        informer = new ControllerInformer<V1CertificateSigningRequest>(
            Admin,
            BootstrapPortal.Core.Cache.ClusterResourceSources.CertificateSigningRequests,
            key =>
            {
                if (informer!.Get(key) is { } csr)
                {
                    _csrs[key] = csr;
                }
            },
            NullLogger.Instance,
            TimeProvider.System);
        _recorder = informer.RunAsync(_stopping.Token);
        await informer.Synced.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async Task DisposeAsync()
    {
        if (_stopping is not null)
        {
            await _stopping.CancelAsync();
        }

        if (_recorder is not null)
        {
            await _recorder;
        }

        Admin?.Dispose();
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        _dataDirectory?.Delete(true);
    }

    public void Dispose()
    {
        _stopping?.Dispose();
        GC.SuppressFinalize(this);
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException("Timed out waiting for: " + what);
            }

            await Task.Delay(100);
        }
    }

    public static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        WaitUntilAsync(() => Task.FromResult(condition()), timeout, what);

    public async Task<V1CertificateSigningRequest> WaitForCsrAsync(Func<V1CertificateSigningRequest, bool> match, TimeSpan timeout, string what)
    {
        V1CertificateSigningRequest? found = null;
        await WaitUntilAsync(() => (found = SeenCsrs.FirstOrDefault(match)) is not null, timeout, what);
        return found!;
    }

    public V1CertificateSigningRequest Latest(string name) => _csrs[name];
}
