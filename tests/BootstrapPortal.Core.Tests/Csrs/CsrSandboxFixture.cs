using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Audit;
using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Cluster;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Csrs.Serving;
using BootstrapPortal.Sandbox;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Tests.Csrs;

/// <summary>
/// A sandbox over real HTTPS with two simulated kubelets that request serving certificates, the shared cluster cache running
/// against it, the serving policy store watching its ConfigMap, and the portal's CSR catalog and approval service on the
/// official client. Every audit event is kept in <see cref="Audit"/>.
/// </summary>
public class CsrSandboxFixture : IAsyncLifetime, IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("bp-csrs-").FullName;
    private CancellationTokenSource? _stopping;
    private Task? _cacheRun;
    private ServiceProvider? _services;

    public SandboxCluster Sandbox { get; private set; } = default!;

    public Kubernetes Admin { get; private set; } = default!;

    public Kubernetes PortalClient { get; private set; } = default!;

    public ClusterCache Cache { get; private set; } = default!;

    public CsrCatalog Catalog { get; private set; } = default!;

    public IOptionsMonitor<CsrPolicyOptions> Options { get; } = new StaticOptionsMonitor<CsrPolicyOptions>(new CsrPolicyOptions { BulkConcurrency = 2 });

    public CsrApprovalService Approvals { get; private set; } = default!;

    public ServingPolicyStore Policy { get; private set; } = default!;

    internal RecordingAuditTrail Audit { get; } = new();

    public async Task InitializeAsync()
    {
        _stopping = new CancellationTokenSource();
        using var start = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Sandbox = await SandboxCluster.StartAsync(CreateOptions(_dataDirectory), NullLoggerFactory.Instance, start.Token);
        Admin = new Kubernetes(Sandbox.CreateAdminConfiguration());
        PortalClient = new Kubernetes(Sandbox.CreateAdminConfiguration());
        Cache = new ClusterCache(Microsoft.Extensions.Options.Options.Create(new InformerOptions()), TimeProvider.System, NullLoggerFactory.Instance);
        _cacheRun = Cache.RunAsync(PortalClient, _stopping.Token);
        _services = new ServiceCollection().AddSingleton<IKubernetes>(PortalClient).BuildServiceProvider();
        Policy = new ServingPolicyStore(_services, Options, Microsoft.Extensions.Options.Options.Create(new InformerOptions()),
            Microsoft.Extensions.Options.Options.Create(new KubernetesConnectionOptions()), Audit, TimeProvider.System, NullLogger<ServingPolicyStore>.Instance);
        // Not the start-up token: a hosted service links it into its stopping token.
        await Policy.StartAsync(CancellationToken.None);
        Catalog = new CsrCatalog(Cache, new FixedCaSource(Sandbox.CaCertificatePem), Policy, Options, CatalogTime);
        Approvals = CreateApprovals(PortalClient);
        await Eventually(() => Catalog.IsSynced && Policy.IsSynced && Cache.Nodes.Items.Count >= RegisteredNodes,
            $"the caches synced and {RegisteredNodes} node(s) registered", TimeSpan.FromSeconds(120));
    }

    /// <summary>The clock the catalogue judges by (a test may move it by hand).</summary>
    protected virtual TimeProvider CatalogTime => TimeProvider.System;

    /// <summary>How many Nodes must have registered before the tests start.</summary>
    protected virtual int RegisteredNodes => 2;

    /// <summary>The sandbox: two kubelets requesting serving certificates, no demo misfits.</summary>
    protected virtual SandboxOptions CreateOptions(string dataDirectory) =>
        new() { Nodes = 2, ServingCertificates = true, DemoMisfits = false, DataDirectory = dataDirectory };

    public CsrApprovalService CreateApprovals(IKubernetes client, bool impersonate = false, IAuditTrail? audit = null) =>
        new(client, Catalog, Options, audit ?? Audit, TimeProvider.System, Tokens.TokenSandboxFixture.Impersonation(impersonate), NullLogger<CsrApprovalService>.Instance);

    /// <summary>Stores <paramref name="policy"/> as an Admin and waits until the watch delivered it.</summary>
    public async Task<ServingPolicySnapshot> SavePolicyAsync(ServingPolicy policy)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var saved = await Policy.SaveAsync(policy, Policy.Current.ResourceVersion, PortalActor.Local, cts.Token);
        await Eventually(() => Policy.Current.ResourceVersion == saved.ResourceVersion, "the policy watch delivered the saved policy");
        return saved;
    }

    /// <summary>A client authenticated as node <paramref name="node"/> (client certificate CN=system:node:&lt;node&gt;, O=system:nodes).</summary>
    public Kubernetes NodeClient(string node) => new(Sandbox.CreateClientConfiguration("system:node:" + node, "system:nodes"));

    /// <summary>A registered node and its InternalIP.</summary>
    public (string Name, string Ip) AnyNode()
    {
        var node = Cache.Nodes.Items.OrderBy(n => n.Metadata.Name, StringComparer.Ordinal).First();
        return (node.Metadata.Name, node.Status.Addresses.First(a => a.Type == "InternalIP").Address);
    }

    /// <summary>Creates a kubelet-serving CSR as the node itself and waits until the cache has it.</summary>
    public async Task<string> CreateServingCsrAsync(string node, string[] ips, string[]? dns = null)
    {
        using var client = NodeClient(node);
        var created = await client.CertificatesV1.CreateCertificateSigningRequestAsync(new V1CertificateSigningRequest
        {
            Metadata = new V1ObjectMeta { GenerateName = "csr-test-" },
            Spec = new V1CertificateSigningRequestSpec
            {
                Request = TestCsrs.RequestPem("system:node:" + node, ips: ips, dns: dns),
                SignerName = TestCsrs.ServingSigner,
                Usages = TestCsrs.ServingUsages,
            },
        });
        var name = created.Metadata.Name;
        await Eventually(() => Catalog.Get(name) is not null, "the cache saw " + name);
        return name;
    }

    public static async Task Eventually(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
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
        if (_stopping is not null)
        {
            await _stopping.CancelAsync();
        }

        if (_cacheRun is not null)
        {
            await _cacheRun;
        }

        if (Policy is not null)
        {
            await Policy.StopAsync(CancellationToken.None);
            Policy.Dispose();
        }

        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        Admin?.Dispose();
        PortalClient?.Dispose();
        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public void Dispose()
    {
        _stopping?.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed class FixedCaSource(string pem) : IClusterCaSource
    {
        public string? GetCaPem() => pem;
    }
}
