using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Core.Tests.Tokens;
using BootstrapPortal.Core.Tokens;
using BootstrapPortal.Sandbox;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Tests.Rbac;

/// <summary>
/// A sandbox over real HTTPS with its controllers and (on demand) simulated kubelets, the shared cache against it, and the
/// RBAC audit, fix and token services on top — one per test, since tests change the cluster's RBAC.
/// </summary>
internal sealed class RbacSandbox : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);
    private readonly string _dataDirectory;
    private readonly CancellationTokenSource _stop = new();
    private Task _cacheRun = Task.CompletedTask;

    private RbacSandbox(string dataDirectory) => _dataDirectory = dataDirectory;

    public SandboxCluster Sandbox { get; private set; } = default!;

    public Kubernetes Admin { get; private set; } = default!;

    public ClusterCache Cache { get; private set; } = default!;

    public RbacAuditService Audit { get; private set; } = default!;

    public RbacFixService Fix { get; private set; } = default!;

    public BootstrapTokenService Tokens { get; private set; } = default!;

    public RecordingAuditTrail Trail { get; } = new();

    public KubernetesSubjectDirectory Directory { get; private set; } = default!;

    public static async Task<RbacSandbox> StartAsync(SandboxRbacProfile profile, Action<SandboxOptions>? configure = null)
    {
        var sandbox = new RbacSandbox(System.IO.Directory.CreateTempSubdirectory("bp-rbac-").FullName);
        var options = new SandboxOptions { Nodes = 0, DemoMisfits = false, ServingCertificates = false, RbacProfile = profile, DataDirectory = sandbox._dataDirectory };
        configure?.Invoke(options);
        sandbox.Sandbox = await SandboxCluster.StartAsync(options, NullLoggerFactory.Instance);
        sandbox.Admin = new Kubernetes(sandbox.Sandbox.CreateAdminConfiguration());
        sandbox.Cache = new ClusterCache(Options.Create(new InformerOptions()), TimeProvider.System, NullLoggerFactory.Instance);
        sandbox._cacheRun = sandbox.Cache.RunAsync(sandbox.Admin, sandbox._stop.Token);
        sandbox.Directory = new KubernetesSubjectDirectory(sandbox.Admin, TimeProvider.System, NullLogger<KubernetesSubjectDirectory>.Instance);
        var tokenOptions = Options.Create(new TokenOptions());
        sandbox.Audit = new RbacAuditService(sandbox.Cache, tokenOptions, TimeProvider.System, sandbox.Directory);
        sandbox.Fix = new RbacFixService(sandbox.Admin, sandbox.Audit, sandbox.Trail, TimeProvider.System, TokenSandboxFixture.Impersonation(impersonate: true),
            NullLogger<RbacFixService>.Instance);
        sandbox.Tokens = new BootstrapTokenService(sandbox.Admin, sandbox.Cache, tokenOptions, TimeProvider.System, new BootstrapTokenGenerator(), sandbox.Trail,
            TokenSandboxFixture.Impersonation(impersonate: false), NullLogger<BootstrapTokenService>.Instance, new ClusterGrantedTokenGroups(sandbox.Audit));
        await Eventually(() => sandbox.Cache.IsSynced && sandbox.Audit.IsSynced, "the cache synced");
        return sandbox;
    }

    /// <summary>The row of the current checklist.</summary>
    public BootstrapChecklistRow Row(BootstrapRequirement requirement, string group) =>
        Audit.Current.Checklist.Single(r => r.Requirement == requirement && r.Group == group);

    /// <summary>Starts a simulated kubelet that joins with <paramref name="token"/>; throws what the API server answered when it may not create its CSR.</summary>
    public async Task<Sandbox.Kubelets.SimulatedKubelet> JoinAsync(string token, string nodeName)
    {
        var fleet = Sandbox.Kubelets!;
        var name = await Sandbox.JoinNodeAsync(fleet.BuildBootstrapKubeconfig(token), nodeName, CancellationToken.None);
        return fleet.Find(name)!;
    }

    public static async Task Eventually(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting until " + what);
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _cacheRun.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }

        Audit?.Dispose();
        Directory?.Dispose();
        Admin?.Dispose();
        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }

        _stop.Dispose();
        try
        {
            System.IO.Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
