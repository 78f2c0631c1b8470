using BootstrapPortal.Core.Cluster;
using BootstrapPortal.Sandbox;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Web.Hosting;

/// <summary>
/// Starts the embedded sandbox cluster before anything talks to Kubernetes and gives its endpoint to the portal's client.
/// Registered first among hosted services, so the cluster cache starts after it.
/// </summary>
public sealed partial class SandboxClusterHost : IHostedService, IClusterEndpointSource, IAsyncDisposable
{
    private readonly SandboxOptions _options;
    private readonly KubernetesConnectionOptions _connection;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<SandboxClusterHost> _logger;
    private SandboxCluster? _cluster;

    public SandboxClusterHost(IOptions<SandboxOptions> options, IOptions<KubernetesConnectionOptions> connection, ILoggerFactory loggerFactory, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(environment);
        _options = WithDefaults(options.Value, environment.ContentRootPath);
        _connection = connection.Value;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<SandboxClusterHost>();
    }

    /// <summary>The running sandbox, for sandbox-only features (such as joining a simulated node).</summary>
    public SandboxCluster Cluster => _cluster ?? throw new InvalidOperationException("The sandbox cluster has not started yet.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_connection.Mode != KubernetesMode.Sandbox)
        {
            return;
        }

        _cluster = await SandboxCluster.StartAsync(_options, _loggerFactory, cancellationToken);
        LogStarted(_logger, _cluster.ServerUri, _cluster.KubeconfigPath);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public ClusterEndpoint GetEndpoint()
    {
        var configuration = Cluster.CreateAdminConfiguration();
        configuration.HttpClientTimeout = TimeSpan.FromSeconds(_connection.RequestTimeoutSeconds);
        var name = string.IsNullOrWhiteSpace(_connection.ClusterName) ? "sandbox" : _connection.ClusterName;
        return new ClusterEndpoint(name, KubernetesMode.Sandbox, configuration);
    }

    public async ValueTask DisposeAsync()
    {
        var cluster = Interlocked.Exchange(ref _cluster, null);
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }

    private static SandboxOptions WithDefaults(SandboxOptions options, string contentRoot)
    {
        var dataDirectory = string.IsNullOrWhiteSpace(options.DataDirectory)
            ? Path.Combine(contentRoot, ".data", "sandbox")
            : Path.GetFullPath(options.DataDirectory, contentRoot);
        return new SandboxOptions
        {
            Port = options.Port,
            Nodes = options.Nodes,
            ServingCertificates = options.ServingCertificates,
            ClockSpeed = options.ClockSpeed,
            SigningDuration = options.SigningDuration,
            DemoMisfits = options.DemoMisfits,
            RbacProfile = options.RbacProfile,
            Fleet = options.Fleet,
            DataDirectory = dataDirectory,
            KubeconfigPath = string.IsNullOrWhiteSpace(options.KubeconfigPath)
                ? Path.Combine(dataDirectory, "sandbox-admin.kubeconfig")
                : Path.GetFullPath(options.KubeconfigPath, contentRoot),
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox cluster serving at {Server}; admin kubeconfig for kubectl: {KubeconfigPath}")]
    private static partial void LogStarted(ILogger logger, Uri server, string kubeconfigPath);
}
