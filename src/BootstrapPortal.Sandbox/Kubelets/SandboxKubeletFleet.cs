using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Core.Tokens;
using BootstrapPortal.Sandbox.Controllers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;


namespace BootstrapPortal.Sandbox.Kubelets;

/// <summary>
/// The simulated kubelets of the sandbox: at start, <see cref="SandboxOptions.Nodes"/> nodes <c>sandbox-node-1..N</c> each get
/// a fresh bootstrap token (created by an admin, as <c>kubeadm token create</c> would) and join with only that token;
/// <see cref="JoinNodeAsync"/> joins more from any bootstrap kubeconfig. With <see cref="SandboxOptions.DemoMisfits"/> the
/// last node is one that "joined long ago" and whose renewal CSRs cannot be auto-approved, and an expired token Secret is
/// kept (by a finalizer) for the dashboard to show.
/// </summary>
public sealed partial class SandboxKubeletFleet : ISandboxController
{
    /// <summary>The version the simulated kubelets report.</summary>
    public const string DefaultKubeletVersion = "v1.33.4";

    /// <summary>kubeadm's default extra group for node tokens.</summary>
    public const string NodeTokenGroup = "system:bootstrappers:kubeadm:default-node-token";

    /// <summary>Finalizer that keeps the demo expired token visible after tokencleaner deleted it.</summary>
    public const string DemoFinalizer = "sandbox.bootstrapportal.io/keep-for-demo";

    private readonly SandboxControllerContext _context;
    private readonly string _kubeletVersion;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, SimulatedKubelet> _kubelets = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private int _nodeCounter;
    private int _disposed;
    private Task _seeding = Task.CompletedTask;

    public SandboxKubeletFleet(SandboxControllerContext context, string kubeletVersion = DefaultKubeletVersion)
    {
        _context = context ?? throw new ArgumentNullException(nameof(context));
        _kubeletVersion = kubeletVersion;
        _logger = context.LoggerFactory.CreateLogger<SandboxKubeletFleet>();
    }

    /// <summary>All kubelets started so far.</summary>
    public IReadOnlyList<SimulatedKubelet> Kubelets => _kubelets.Values.OrderBy(k => k.NodeName, StringComparer.Ordinal).ToArray();

    /// <summary>Completes when the start-up nodes were started (and the misfits seeded); faults if that failed.</summary>
    public Task Seeded => _seeding;

    public SimulatedKubelet? Find(string nodeName) => _kubelets.TryGetValue(nodeName, out var kubelet) ? kubelet : null;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var token = _stopping.Token;
        _seeding = Task.Run(() => SeedAsync(token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        try
        {
            await _seeding;
        }
#pragma warning disable CA1031 // Seeding failures were logged; disposal must go on.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        await Task.WhenAll(_kubelets.Values.Select(k => k.DisposeAsync().AsTask()));
        _stopping.Dispose();
    }

    /// <summary>
    /// Creates a bootstrap token Secret as <c>kubeadm token create</c> does (usages signing+authentication, extra group
    /// <see cref="NodeTokenGroup"/>, expiry = <paramref name="ttl"/> of sandbox time) and returns the token <c>id.secret</c>.
    /// </summary>
    public async Task<string> CreateBootstrapTokenAsync(string? description, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var generator = new BootstrapTokenGenerator();
        var (id, secret) = (generator.NewId(), generator.NewSecret());
        var expiration = _context.Clock.UtcNow + _context.Clock.Scale(ttl);
        using var admin = new Kubernetes(_context.CreateAdminConfiguration());
        await admin.CoreV1.CreateNamespacedSecretAsync(
            BuildTokenSecret(id, secret, description, expiration, finalizer: null), BootstrapTokenFormat.SecretNamespace, cancellationToken: cancellationToken);
        return id + "." + secret;
    }

    /// <summary>A bootstrap kubeconfig for this sandbox with the given token.</summary>
    public string BuildBootstrapKubeconfig(string token) =>
        KubeletKubeconfigs.BuildBootstrapKubeconfig(_context.ServerUri, _context.CaCertificatePem, token);

    /// <summary>
    /// Starts a new simulated kubelet from a bootstrap kubeconfig (YAML). Returns the node name once its bootstrap CSR was
    /// created (authentication or authorization errors surface here); approval, issuance and registration continue in the
    /// background (see <see cref="SimulatedKubelet.Registered"/>).
    /// </summary>
    public Task<string> JoinNodeAsync(string bootstrapKubeconfigYaml, string? nodeName, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var configuration = KubeletKubeconfigs.Load(bootstrapKubeconfigYaml);

        // A simulated kubelet must never register a fake node with some other (real) cluster.
        if (!Uri.TryCreate(configuration.Host, UriKind.Absolute, out var server) ||
            Uri.Compare(server, _context.ServerUri, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            throw new ArgumentException(
                $"The bootstrap kubeconfig points at {configuration.Host}, not at this sandbox ({_context.ServerUri}).", nameof(bootstrapKubeconfigYaml));
        }

        var (name, ip) = AllocateNode(nodeName);
        return JoinNodeAsync(configuration, name, ip, cancellationToken);
    }

    private async Task<string> JoinNodeAsync(KubernetesClientConfiguration configuration, string name, IPAddress ip, CancellationToken cancellationToken)
    {
        var kubelet = new SimulatedKubelet(
            name,
            ip,
            configuration,
            new KubeletBehavior { ServingCertificate = _context.Options.ServingCertificates },
            _context.Clock,
            _kubeletVersion,
            _context.LoggerFactory.CreateLogger<SimulatedKubelet>());
        if (!_kubelets.TryAdd(name, kubelet))
        {
            throw new InvalidOperationException($"A simulated kubelet named {name} is already running.");
        }

        try
        {
            await kubelet.StartAsync(cancellationToken);
        }
        catch
        {
            _kubelets.TryRemove(name, out _);
            await kubelet.DisposeAsync();
            throw;
        }

        return name;
    }

    internal static V1Secret BuildTokenSecret(string id, string secret, string? description, DateTimeOffset? expiration, string? finalizer)
    {
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["token-id"] = Encoding.ASCII.GetBytes(id),
            ["token-secret"] = Encoding.ASCII.GetBytes(secret),
            ["usage-bootstrap-authentication"] = Encoding.ASCII.GetBytes("true"),
            ["usage-bootstrap-signing"] = Encoding.ASCII.GetBytes("true"),
            ["auth-extra-groups"] = Encoding.ASCII.GetBytes(NodeTokenGroup),
        };
        if (!string.IsNullOrEmpty(description))
        {
            data["description"] = Encoding.UTF8.GetBytes(description);
        }

        if (expiration is { } expires)
        {
            data["expiration"] = Encoding.ASCII.GetBytes(expires.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }

        return new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta
            {
                Name = BootstrapTokenFormat.SecretNamePrefix + id,
                NamespaceProperty = BootstrapTokenFormat.SecretNamespace,
                Finalizers = finalizer is null ? null : [finalizer],
            },
            Type = BootstrapTokenFormat.SecretType,
            Data = data,
        };
    }

    private (string Name, IPAddress Ip) AllocateNode(string? requestedName)
    {
        var index = Interlocked.Increment(ref _nodeCounter);
        var host = 10 + index;
        var ip = new IPAddress([10, 0, (byte)(host / 256 % 256), (byte)(host % 256)]);
        if (string.IsNullOrWhiteSpace(requestedName))
        {
            var name = "sandbox-node-" + index.ToString(CultureInfo.InvariantCulture);
            while (_kubelets.ContainsKey(name))
            {
                index = Interlocked.Increment(ref _nodeCounter);
                name = "sandbox-node-" + index.ToString(CultureInfo.InvariantCulture);
            }

            return (name, ip);
        }

        if (requestedName.Length > 253 || !NodeNamePattern().IsMatch(requestedName))
        {
            throw new ArgumentException("Node names must be lowercase DNS subdomains (RFC 1123).", nameof(requestedName));
        }

        return (requestedName, ip);
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        var options = _context.Options;
        var misfitNode = options.DemoMisfits && options.Nodes >= 2;
        var normalNodes = misfitNode ? options.Nodes - 1 : options.Nodes;
        // Names and addresses are allocated in order (sandbox-node-1..N, the misfit last), then all nodes join in parallel.
        var allocations = Enumerable.Range(0, options.Nodes).Select(_ => AllocateNode(null)).ToList();
        var joins = allocations.Take(normalNodes).Select(a => JoinWithNewTokenAsync(a.Name, a.Ip, cancellationToken)).ToList();
        if (misfitNode)
        {
            joins.Add(StartStuckRenewalNodeAsync(allocations[^1].Name, allocations[^1].Ip, cancellationToken));
        }

        if (options.DemoMisfits)
        {
            joins.Add(CreateExpiredTokenAsync(cancellationToken));
        }

        try
        {
            await Task.WhenAll(joins);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Seeding the simulated kubelets failed");
            throw;
        }
    }

    private async Task JoinWithNewTokenAsync(string name, IPAddress ip, CancellationToken cancellationToken)
    {
        // kubeadm's 24 h default, but at least 10 real minutes so that even a very fast clock leaves time to bootstrap.
        var ttl = TimeSpan.FromHours(24);
        var minimum = TimeSpan.FromMinutes(10) * _context.Clock.ClockSpeed;
        for (var attempt = 0; ; attempt++)
        {
            var token = await CreateBootstrapTokenAsync(
                "Bootstrap token for a simulated kubelet of the sandbox.", ttl > minimum ? ttl : minimum, cancellationToken);
            try
            {
                await JoinNodeAsync(KubeletKubeconfigs.Load(BuildBootstrapKubeconfig(token)), name, ip, cancellationToken);
                _logger.LogInformation("Simulated kubelet {Node} is joining with a bootstrap token", name);
                return;
            }
            catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
            {
                // A real kubelet keeps retrying its bootstrap until RBAC lets its token create the CSR (e.g. Sandbox:RbacProfile=Broken
                // until someone adds the bindings); a fresh token covers one that expired meanwhile.
                var delay = TimeSpan.FromSeconds(Math.Min(32, 2 << Math.Min(attempt, 4)));
                _logger.Log(attempt == 0 ? LogLevel.Warning : LogLevel.Debug,
                    "Simulated kubelet {Node} cannot bootstrap ({Status}); retrying in {Delay}", name, (int)ex.Response.StatusCode, delay);
                await Task.Delay(delay, _context.Clock.TimeProvider, cancellationToken);
            }
        }
    }

    private async Task StartStuckRenewalNodeAsync(string name, IPAddress ip, CancellationToken cancellationToken)
    {
        // A node that joined long ago: its client certificate (issued by the cluster CA) is at 95 % of its lifetime, so it
        // renews at once, with a request the approver does not recognise (DNS SAN) → the renewal stays pending.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var requestPem = KubeletCsrClient.CreateRequestPem(key, name);
        if (!CertificateRequestFactsReader.TryRead(Encoding.ASCII.GetBytes(requestPem), out var facts, out var error))
        {
            throw new InvalidOperationException(error);
        }

        var lifetime = _context.Clock.Scale(_context.Options.SigningDuration);
        var now = _context.Clock.UtcNow;
        var certificate = _context.Issuer.IssueWithValidity(facts!, KubeletCsrClient.ClientUsages, now - (lifetime * 0.95), now + (lifetime * 0.05));
        var credentials = new KubeletCredentials(certificate, key.ExportECPrivateKeyPem());

        // Its bootstrap kubeconfig carries no usable token any more (long expired and cleaned up).
        var configuration = KubeletKubeconfigs.Load(BuildBootstrapKubeconfig("000000.0000000000000000"));
        var kubelet = new SimulatedKubelet(
            name,
            ip,
            configuration,
            new KubeletBehavior { ServingCertificate = _context.Options.ServingCertificates, BrokenRenewalRequest = true, InitialCredentials = credentials },
            _context.Clock,
            _kubeletVersion,
            _context.LoggerFactory.CreateLogger<SimulatedKubelet>());
        _kubelets[name] = kubelet;
        await kubelet.StartAsync(cancellationToken);
        _logger.LogInformation("Simulated kubelet {Node} (demo misfit: renewal cannot be auto-approved) started", name);
    }

    private async Task CreateExpiredTokenAsync(CancellationToken cancellationToken)
    {
        var generator = new BootstrapTokenGenerator();
        var (id, secret) = (generator.NewId(), generator.NewSecret());
        using var admin = new Kubernetes(_context.CreateAdminConfiguration());
        await admin.CoreV1.CreateNamespacedSecretAsync(
            BuildTokenSecret(
                id,
                secret,
                "Demo: an expired bootstrap token; tokencleaner deletes it, a finalizer keeps it visible.",
                _context.Clock.UtcNow - TimeSpan.FromMinutes(10),
                DemoFinalizer),
            BootstrapTokenFormat.SecretNamespace,
            cancellationToken: cancellationToken);
        _logger.LogInformation("Seeded expired demo bootstrap token {TokenId}", id);
    }

    [GeneratedRegex(@"\A[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex NodeNamePattern();
}
