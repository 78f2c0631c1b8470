using BootstrapPortal.Core.Audit;
using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Sandbox;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Tests.Csrs;

/// <summary>
/// A sandbox over real HTTPS with two simulated kubelets that request serving certificates, the shared cluster cache running
/// against it, and the portal's CSR catalog and approval service on the official client.
/// </summary>
public sealed class CsrSandboxFixture : IAsyncLifetime, IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("bp-csrs-").FullName;
    private CancellationTokenSource? _stopping;
    private Task? _cacheRun;

    public SandboxCluster Sandbox { get; private set; } = default!;

    public Kubernetes Admin { get; private set; } = default!;

    public Kubernetes PortalClient { get; private set; } = default!;

    public ClusterCache Cache { get; private set; } = default!;

    public CsrCatalog Catalog { get; private set; } = default!;

    public IOptionsMonitor<CsrPolicyOptions> Options { get; } = new StaticOptionsMonitor<CsrPolicyOptions>(new CsrPolicyOptions { BulkConcurrency = 2 });

    public CsrApprovalService Approvals { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        _stopping = new CancellationTokenSource();
        using var start = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Sandbox = await SandboxCluster.StartAsync(
            new SandboxOptions { Nodes = 2, ServingCertificates = true, DemoMisfits = false, DataDirectory = _dataDirectory },
            NullLoggerFactory.Instance, start.Token);
        Admin = new Kubernetes(Sandbox.CreateAdminConfiguration());
        PortalClient = new Kubernetes(Sandbox.CreateAdminConfiguration());
        Cache = new ClusterCache(Microsoft.Extensions.Options.Options.Create(new InformerOptions()), TimeProvider.System, NullLoggerFactory.Instance);
        _cacheRun = Cache.RunAsync(PortalClient, _stopping.Token);
        Catalog = new CsrCatalog(Cache, new FixedCaSource(Sandbox.CaCertificatePem), Options, TimeProvider.System);
        Approvals = CreateApprovals(PortalClient);
        await Eventually(() => Catalog.IsSynced && Cache.Nodes.Items.Count == 2, "the cache synced and both nodes registered", TimeSpan.FromSeconds(60));
    }

    public CsrApprovalService CreateApprovals(IKubernetes client, bool impersonate = false, IAuditTrail? audit = null) =>
        new(client, Catalog, Options, audit ?? new LoggingAuditTrail(NullLogger<LoggingAuditTrail>.Instance), TimeProvider.System,
            Tokens.TokenSandboxFixture.Impersonation(impersonate), NullLogger<CsrApprovalService>.Instance);

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

    public void Dispose() => _stopping?.Dispose();

    private sealed class FixedCaSource(string pem) : IClusterCaSource
    {
        public string? GetCaPem() => pem;
    }
}
