using System.Threading.Channels;
using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Cluster;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Audit;

/// <summary>
/// The Kubernetes part of the audit trail: a core/v1 Event on the object each change touched (see
/// <see cref="AuditKubernetesEvents"/>), written with the portal's own identity. <see cref="RecordAsync"/> only queues the
/// Event, so a slow or unreachable API server never delays the change being recorded; the background loop writes them.
/// </summary>
public sealed partial class KubernetesEventAuditTrail : BackgroundService, IAuditTrail
{
    private readonly ClusterCache _cache;
    private readonly IServiceProvider _services;
    private readonly ILogger<KubernetesEventAuditTrail> _logger;
    private readonly bool _enabled;
    private readonly Channel<Corev1Event> _queue;
    private readonly string _instance = Environment.MachineName;
    private long _dropped;

    public KubernetesEventAuditTrail(ClusterCache cache, IServiceProvider services, IOptions<AuditOptions> options, ILogger<KubernetesEventAuditTrail> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _services = services ?? throw new ArgumentNullException(nameof(services));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _enabled = options.Value.KubernetesEvents;
        _queue = Channel.CreateBounded<Corev1Event>(new BoundedChannelOptions(Math.Max(1, options.Value.EventQueueCapacity))
        {
            FullMode = BoundedChannelFullMode.DropWrite,
            SingleReader = true,
        });
    }

    /// <summary>How many Events were dropped because the queue was full (each drop is logged with this count).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        if (!_enabled)
        {
            return Task.CompletedTask;
        }

        var uid = auditEvent.TargetUid ?? AuditKubernetesEvents.CachedUid(_cache, auditEvent);
        if (AuditKubernetesEvents.Build(auditEvent, uid, _instance) is { } kubernetesEvent && !_queue.Writer.TryWrite(kubernetesEvent))
        {
            LogDropped(_logger, auditEvent.Action, auditEvent.TargetName, Interlocked.Increment(ref _dropped));
        }

        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_enabled)
        {
            return;
        }

        // Resolved here: in sandbox mode the cluster (and so IKubernetes) exists only once the sandbox host has started.
        if (StartedClusterClient.ResolveUnlessStopping(_services, stoppingToken) is not { } client)
        {
            return;
        }

        try
        {
            await foreach (var kubernetesEvent in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                await WriteAsync(client, kubernetesEvent, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task WriteAsync(IKubernetes client, Corev1Event kubernetesEvent, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            await client.CoreV1.CreateNamespacedEventAsync(kubernetesEvent, kubernetesEvent.Metadata.NamespaceProperty, cancellationToken: timeout.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogWriteFailed(_logger, kubernetesEvent.InvolvedObject.Kind, kubernetesEvent.InvolvedObject.Name, Cluster.KubernetesErrors.Describe(ex));
        }
    }

    [LoggerMessage(EventId = 9003, Level = LogLevel.Warning, Message = "Audit Event queue is full; the Kubernetes Event for {AuditAction} on {TargetName} was not written (the audit record itself is kept); {Dropped} dropped so far")]
    private static partial void LogDropped(ILogger logger, string auditAction, string targetName, long dropped);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Warning, Message = "Could not write the audit Event on {Kind} {Name}: {Error}")]
    private static partial void LogWriteFailed(ILogger logger, string kind, string name, string error);
}
