using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Audit;
using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Cluster;
using BootstrapPortal.Core.Kubeconfigs;
using BootstrapPortal.Core.Tokens;
using BootstrapPortal.Sandbox;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Tests.Tokens;

/// <summary>A sandbox over real HTTPS, the shared cache running against it and the token/kubeconfig services on top.</summary>
public sealed class TokenSandboxFixture : IAsyncLifetime, IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("bp-tokens-").FullName;
    private readonly CancellationTokenSource _stop = new();
    private Task _cacheRun = Task.CompletedTask;

    public SandboxCluster Sandbox { get; private set; } = default!;

    public Kubernetes Client { get; private set; } = default!;

    public ClusterCache Cache { get; private set; } = default!;

    public TokenOptions TokenOptions { get; } = new();

    public BootstrapTokenService Tokens { get; private set; } = default!;

    public BootstrapKubeconfigService Kubeconfigs { get; private set; } = default!;

    public IAuditTrail Audit { get; } = new LoggingAuditTrail(NullLogger<LoggingAuditTrail>.Instance);

    public async Task InitializeAsync()
    {
        Sandbox = await SandboxCluster.StartAsync(
            new SandboxOptions { Nodes = 0, DemoMisfits = false, ServingCertificates = false, DataDirectory = _dataDirectory },
            NullLoggerFactory.Instance);
        Client = new Kubernetes(Sandbox.CreateAdminConfiguration());
        Cache = new ClusterCache(Options.Create(new InformerOptions()), TimeProvider.System, NullLoggerFactory.Instance);
        _cacheRun = Cache.RunAsync(Client, _stop.Token);
        Tokens = new BootstrapTokenService(Client, Cache, Options.Create(TokenOptions), TimeProvider.System, new BootstrapTokenGenerator(),
            Audit, Impersonation(impersonate: false), NullLogger<BootstrapTokenService>.Instance);
        Kubeconfigs = new BootstrapKubeconfigService(Client, Tokens, Options.Create(new KubeconfigOptions()), Options.Create(TokenOptions),
            Audit, TimeProvider.System, NullLogger<BootstrapKubeconfigService>.Instance);
        await Eventually(() => Cache.IsSynced, "the cache synced");
    }

    /// <summary>The impersonation service with <c>Kubernetes:ImpersonateUsers</c> set to <paramref name="impersonate"/>.</summary>
    public static KubernetesImpersonation Impersonation(bool impersonate) =>
        new(new StaticOptionsMonitor<KubernetesConnectionOptions>(new KubernetesConnectionOptions { ImpersonateUsers = impersonate }));

    public static async Task Eventually(Func<bool> condition, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting until " + what);
            }

            await Task.Delay(50);
        }
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _cacheRun.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }

        Client.Dispose();
        await Sandbox.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public void Dispose() => _stop.Dispose();
}
