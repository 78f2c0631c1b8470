using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Sandbox.Kubelets;
using BootstrapPortal.Sandbox.Server;
using BootstrapPortal.Sandbox.Storage;
using k8s;
using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Sandbox.Fleet;

/// <summary>
/// Keeps the fleet's nodes live with one task instead of a simulated kubelet each: every node renews its Lease every
/// <see cref="SandboxFleetOptions.LeaseRenewInterval"/> and reports its status every <see cref="SandboxFleetOptions.NodeStatusInterval"/>
/// (both written straight into the store, as the kubelet's own requests would change them), and rotates its client
/// certificate when it comes due exactly as a kubelet does — a new P-256 key and CSR sent over HTTPS with the node's current
/// certificate, approved by csrapproving (selfnodeclient) and signed by csrsigning. A stuck node's request carries a DNS name
/// csrapproving does not recognise; it asks again every 15 minutes (client-go's certificate wait timeout).
/// </summary>
internal sealed partial class FleetAgent : ISandboxComponent
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan[] RetryBackoff = [TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5)];
    private readonly SemaphoreSlim rotations = new(8);
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> running = [];
    private readonly Lock runningGate = new();
    private Task loop = Task.CompletedTask;
    private ILogger logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public async Task StartAsync(SandboxCluster cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (cluster.Fleet is not { } fleet || !fleet.Nodes.Any(n => n.Registered))
        {
            return;
        }

        logger = cluster.LoggerFactory.CreateLogger<FleetAgent>();
        var context = new AgentContext(cluster.Store, cluster.ServerUri, [X509CertificateLoader.LoadCertificate(cluster.CertificateAuthority.Certificate.RawData)],
            cluster.TimeProvider, fleet);
        loop = Task.Run(() => RunAsync(context, stopping.Token), CancellationToken.None);
        await Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
        }

        Task[] pending;
        lock (runningGate)
        {
            pending = [.. running];
        }

        await Task.WhenAll(pending.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        stopping.Dispose();
        rotations.Dispose();
    }

    private sealed record AgentContext(ObjectStore Store, Uri ServerUri, X509Certificate2Collection CaCertificates, TimeProvider Clock, SandboxFleet Fleet);

    private async Task RunAsync(AgentContext context, CancellationToken cancellationToken)
    {
        var fleet = context.Fleet;
        var nodes = fleet.Nodes.Where(n => n.Registered).ToArray();
        var now = context.Clock.GetUtcNow();
        var leaseInterval = fleet.Options.LeaseRenewInterval;
        var statusInterval = fleet.Options.NodeStatusInterval;

        // Spread like the preloaded objects: node i last renewed (i/N) of an interval ago.
        var nextLease = new DateTimeOffset[nodes.Length];
        var nextStatus = new DateTimeOffset[nodes.Length];
        var nextRotation = new DateTimeOffset?[nodes.Length];
        var inFlight = new bool[nodes.Length];
        for (var i = 0; i < nodes.Length; i++)
        {
            var share = (double)i / nodes.Length;
            nextLease[i] = now + (leaseInterval * (1 - share));
            nextStatus[i] = now + (statusInterval * (1 - share));
            nextRotation[i] = nodes[i].Credentials is null ? null : FirstAttempt(nodes[i], now);
        }

        using var timer = new PeriodicTimer(Tick, context.Clock);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            now = context.Clock.GetUtcNow();
            for (var i = 0; i < nodes.Length; i++)
            {
                if (nextLease[i] <= now)
                {
                    RenewLease(context.Store, nodes[i], now);
                    nextLease[i] = now + leaseInterval;
                }

                if (nextStatus[i] <= now)
                {
                    ReportStatus(context.Store, nodes[i], now);
                    nextStatus[i] = now + statusInterval;
                }

                if (!Volatile.Read(ref inFlight[i]) && nextRotation[i] is { } due && due <= now)
                {
                    var index = i;
                    Volatile.Write(ref inFlight[index], true);
                    Track(Task.Run(async () =>
                    {
                        try
                        {
                            nextRotation[index] = await RotateAsync(context, nodes[index], cancellationToken);
                        }
                        finally
                        {
                            Volatile.Write(ref inFlight[index], false);
                        }
                    }, CancellationToken.None));
                }
            }
        }
    }

    /// <summary>A stuck node asks again 15 minutes after its last preloaded request; others at their rotation deadline.</summary>
    private static DateTimeOffset? FirstAttempt(FleetNode node, DateTimeOffset now)
    {
        if (node.RotationDeadline is not { } deadline)
        {
            return null;
        }

        if (node.Role != FleetNodeRole.Stuck || deadline > now)
        {
            return deadline;
        }

        var wait = SimulatedKubelet.CertificateWaitTimeout;
        var attempts = (long)((now - deadline) / wait) + 1;
        return deadline + (wait * attempts);
    }

    private void Track(Task task)
    {
        lock (runningGate)
        {
            running.RemoveAll(t => t.IsCompleted);
            running.Add(task);
        }
    }

    private static void RenewLease(ObjectStore store, FleetNode node, DateTimeOffset now)
    {
        try
        {
            store.Update(ResourceCatalog.Leases, FleetObjects.NodeLeaseNamespace, node.Name, current =>
            {
                var lease = current.ToNode();
                if (lease["spec"] is JsonObject spec)
                {
                    spec["renewTime"] = WireNormalizer.FormatMicroTime(now);
                }

                return lease;
            });
        }
        catch (ApiException ex) when (ex.Code == 404)
        {
            // Someone deleted the Lease (or its namespace); the fleet leaves it gone.
        }
    }

    private static void ReportStatus(ObjectStore store, FleetNode node, DateTimeOffset now)
    {
        try
        {
            store.Update(ResourceCatalog.Nodes, null, node.Name, current =>
            {
                var obj = current.ToNode();
                foreach (var condition in obj["status"]?["conditions"] as JsonArray ?? [])
                {
                    if (condition is JsonObject c)
                    {
                        c["lastHeartbeatTime"] = WireNormalizer.FormatTime(now);
                    }
                }

                return obj;
            });
        }
        catch (ApiException ex) when (ex.Code == 404)
        {
            // Deleted by a person (kubectl delete node): this simulated node does not register again.
        }
    }

    /// <summary>One rotation attempt; returns when to try next (null: never).</summary>
    private async Task<DateTimeOffset?> RotateAsync(AgentContext context, FleetNode node, CancellationToken cancellationToken)
    {
        await rotations.WaitAsync(cancellationToken);
        try
        {
            var credentials = node.Credentials!;
            using var client = new Kubernetes(credentials.CreateClientConfiguration(context.ServerUri.ToString().TrimEnd('/'), context.CaCertificates));
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var stuck = node.Role == FleetNodeRole.Stuck;
            var pem = KubeletCsrClient.CreateRequestPem(key, node.Name, stuck ? [node.Name] : null);
            var csr = await KubeletCsrClient.SubmitAsync(client, pem, KubernetesSignerNames.KubeApiServerClientKubelet, KubeletCsrClient.ClientUsages, cancellationToken);
            LogSubmitted(logger, node.Name, csr.Metadata.Name, stuck);
            if (stuck)
            {
                // Nobody approves it: the kubelet's wait times out and it asks again.
                return context.Clock.GetUtcNow() + SimulatedKubelet.CertificateWaitTimeout;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(SimulatedKubelet.CertificateWaitTimeout);
            var certificate = await KubeletCsrClient.WaitForCertificateAsync(client, csr, timeout.Token);
            var renewed = new KubeletCredentials(certificate, key.ExportECPrivateKeyPem());
            node.Renewed(renewed);
            var next = renewed.NextRotationDeadline();
            node.RotationDeadline = next;
            LogRenewed(logger, node.Name, csr.Metadata.Name, renewed.NotAfter);
            return next;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            node.LastError = "client certificate rotation failed: " + ex.Message;
            var attempt = Math.Min(RetryBackoff.Length - 1, node.FailedRotations++);
            LogRotationFailed(logger, node.Name, RetryBackoff[attempt], ex.Message);
            return context.Clock.GetUtcNow() + RetryBackoff[attempt];
        }
        finally
        {
            rotations.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Fleet node {Node}: created renewal CSR {Csr} (stuck: {Stuck})")]
    private static partial void LogSubmitted(ILogger logger, string node, string csr, bool stuck);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fleet node {Node}: rotated its client certificate through {Csr}, valid until {NotAfter}")]
    private static partial void LogRenewed(ILogger logger, string node, string csr, DateTimeOffset notAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fleet node {Node}: client certificate rotation failed, retrying in {Delay}: {Error}")]
    private static partial void LogRotationFailed(ILogger logger, string node, TimeSpan delay, string error);
}
