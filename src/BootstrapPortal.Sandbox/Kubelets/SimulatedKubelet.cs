using System.Net;
using System.Security.Cryptography;
using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Sandbox.Controllers;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Sandbox.Kubelets;

/// <summary>
/// A simulated kubelet (k/k pkg/kubelet/certificate, the path with <c>rotateCertificates: true</c> as kubeadm sets it). With only its bootstrap
/// kubeconfig it creates a P-256 key and a <c>csr-</c> CSR for <c>kubernetes.io/kube-apiserver-client-kubelet</c>, waits for
/// approval and the certificate, registers its Node with that certificate, reports node status now and then, renews its
/// client certificate at a random 70–90 % of its lifetime with a new key (authenticated by the current certificate, so the
/// approver takes the selfnodeclient path), and optionally requests a kubelet-serving certificate. Everything goes over
/// HTTPS through the official client.
/// </summary>
public sealed class SimulatedKubelet : IAsyncDisposable
{
    /// <summary>client-go's <c>certificateWaitTimeout</c> (real time; not a Kubernetes duration the clock compresses).</summary>
    public static readonly TimeSpan CertificateWaitTimeout = TimeSpan.FromMinutes(15);

    private static readonly TimeSpan MinimumRotationSpacing = TimeSpan.FromSeconds(1);

    private const string NodeLeaseNamespace = "kube-node-lease";

    /// <summary>The node lease is renewed every quarter of its 40 s duration (real time: leases are a liveness signal).</summary>
    private static readonly TimeSpan LeaseRenewInterval = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan[] Backoff =
        [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(16), TimeSpan.FromSeconds(32)];

    private readonly KubernetesClientConfiguration _bootstrapConfiguration;
    private readonly KubeletBehavior _behavior;
    private readonly SandboxTimeScale _clock;
    private readonly string _kubeletVersion;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _run;
    private volatile KubeletCredentials? _credentials;
    private volatile string? _servingCertificatePem;
    private volatile string? _lastError;
    private volatile KubeletPhase _phase = KubeletPhase.Starting;
    private int _renewals;
    private int _disposed;

    public SimulatedKubelet(
        string nodeName,
        IPAddress internalIp,
        KubernetesClientConfiguration bootstrapConfiguration,
        KubeletBehavior behavior,
        SandboxTimeScale clock,
        string kubeletVersion,
        ILogger<SimulatedKubelet> logger)
    {
        NodeName = nodeName ?? throw new ArgumentNullException(nameof(nodeName));
        InternalIp = internalIp ?? throw new ArgumentNullException(nameof(internalIp));
        _bootstrapConfiguration = bootstrapConfiguration ?? throw new ArgumentNullException(nameof(bootstrapConfiguration));
        _behavior = behavior ?? throw new ArgumentNullException(nameof(behavior));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _kubeletVersion = kubeletVersion;
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _credentials = behavior.InitialCredentials;
    }

    public string NodeName { get; }

    public IPAddress InternalIp { get; }

    public KubeletPhase Phase => _phase;

    /// <summary>The current client certificate (null until bootstrapped).</summary>
    public KubeletCredentials? Credentials => _credentials;

    /// <summary>The issued kubelet-serving certificate PEM, if any.</summary>
    public string? ServingCertificatePem => _servingCertificatePem;

    /// <summary>How many times the client certificate was renewed.</summary>
    public int Renewals => Volatile.Read(ref _renewals);

    /// <summary>The last error (e.g. a renewal that is not approved), for display.</summary>
    public string? LastError => _lastError;

    /// <summary>Completes when the Node object has been registered.</summary>
    public Task Registered => _registered.Task;

    /// <summary>
    /// Starts the kubelet. When it must bootstrap, the first CSR is created before this returns (so a bad bootstrap
    /// kubeconfig fails here); the rest runs in the background until disposed.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_run is not null)
        {
            throw new InvalidOperationException("The kubelet was already started.");
        }

        (ECDsa Key, V1CertificateSigningRequest Csr)? pending = null;
        if (_credentials is null)
        {
            using var bootstrapClient = new Kubernetes(_bootstrapConfiguration);
            pending = await SubmitClientRequestAsync(bootstrapClient, renewal: false, cancellationToken);
            _phase = KubeletPhase.WaitingForBootstrapCertificate;
        }

        var token = _stopping.Token;
        _run = Task.Run(() => RunAsync(pending, token), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_run is not null)
        {
            await _run;
        }

        _phase = KubeletPhase.Stopped;
        _stopping.Dispose();
    }

    private static TimeSpan BackoffFor(int attempt) => Backoff[Math.Min(attempt, Backoff.Length - 1)];

    private async Task RunAsync((ECDsa Key, V1CertificateSigningRequest Csr)? pending, CancellationToken cancellationToken)
    {
        try
        {
            if (_credentials is null)
            {
                _credentials = await BootstrapAsync(pending, cancellationToken);
                _logger.LogInformation("Kubelet {Node}: bootstrapped, client certificate valid until {NotAfter}", NodeName, _credentials.NotAfter);
            }

            await RetryAsync("register node", RegisterNodeAsync, cancellationToken);
            _phase = KubeletPhase.Registered;
            _registered.TrySetResult();

            await RetryAsync("record node events", RecordStartupEventsAsync, cancellationToken);
            var loops = new List<Task> { HeartbeatLoopAsync(cancellationToken), LeaseLoopAsync(cancellationToken), ClientRotationLoopAsync(cancellationToken) };
            if (_behavior.ServingCertificate)
            {
                loops.Add(ServingCertificateLoopAsync(cancellationToken));
            }

            await Task.WhenAll(loops);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _registered.TrySetCanceled(cancellationToken);
        }
#pragma warning disable CA1031 // The kubelet's background loop must end cleanly; the failure is recorded for display.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _phase = KubeletPhase.Failed;
            _lastError = ex.Message;
            _registered.TrySetException(ex);
            _logger.LogError(ex, "Kubelet {Node} stopped after an unexpected error", NodeName);
        }
    }

    private async Task<KubeletCredentials> BootstrapAsync((ECDsa Key, V1CertificateSigningRequest Csr)? pending, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var client = new Kubernetes(_bootstrapConfiguration);
                var (key, csr) = pending ?? await SubmitClientRequestAsync(client, renewal: false, cancellationToken);
                pending = null;
                using (key)
                {
                    var certificate = await WaitAsync(client, csr, cancellationToken);
                    return new KubeletCredentials(certificate, key.ExportECPrivateKeyPem());
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                pending?.Key.Dispose();
                pending = null;
                var delay = BackoffFor(attempt);
                _lastError = ex.Message;
                _logger.Log(
                    attempt == 0 ? LogLevel.Warning : LogLevel.Debug,
                    "Kubelet {Node}: bootstrap failed, retrying in {Delay}: {Error}",
                    NodeName,
                    delay,
                    ex.Message);
                await Task.Delay(delay, _clock.TimeProvider, cancellationToken);
            }
        }
    }

    private async Task<(ECDsa Key, V1CertificateSigningRequest Csr)> SubmitClientRequestAsync(IKubernetes client, bool renewal, CancellationToken cancellationToken)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            var dnsNames = renewal && _behavior.BrokenRenewalRequest ? new[] { NodeName } : null;
            var pem = KubeletCsrClient.CreateRequestPem(key, NodeName, dnsNames);
            var csr = await KubeletCsrClient.SubmitAsync(client, pem, KubernetesSignerNames.KubeApiServerClientKubelet, KubeletCsrClient.ClientUsages, cancellationToken);
            _logger.LogInformation("Kubelet {Node}: created {Kind} CSR {Csr}", NodeName, renewal ? "renewal" : "bootstrap", csr.Metadata.Name);
            return (key, csr);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private static async Task<string> WaitAsync(IKubernetes client, V1CertificateSigningRequest csr, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CertificateWaitTimeout);
        try
        {
            return await KubeletCsrClient.WaitForCertificateAsync(client, csr, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"timed out waiting for CSR {csr.Metadata.Name} to be signed");
        }
    }

    private Kubernetes CreateNodeClient()
    {
        var credentials = _credentials ?? throw new InvalidOperationException("The kubelet has no client certificate yet.");
        return new Kubernetes(credentials.CreateClientConfiguration(_bootstrapConfiguration.Host, _bootstrapConfiguration.SslCaCerts));
    }

    private async Task RetryAsync(string what, Func<CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await action(cancellationToken);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var delay = BackoffFor(attempt);
                _lastError = ex.Message;
                _logger.LogWarning("Kubelet {Node}: {Action} failed, retrying in {Delay}: {Error}", NodeName, what, delay, ex.Message);
                await Task.Delay(delay, _clock.TimeProvider, cancellationToken);
            }
        }
    }

    private async Task RegisterNodeAsync(CancellationToken cancellationToken)
    {
        using var client = CreateNodeClient();
        var desired = BuildNode();
        V1Node node;
        try
        {
            // Registered with a protobuf body, as a kubelet does (kubelet_node_status.go registerWithAPIServer).
            node = await ProtobufRequests.CreateAsync(client, "/api/v1/nodes", desired, cancellationToken);
            _logger.LogInformation("Kubelet {Node}: registered Node", NodeName);
        }
        catch (HttpOperationException ex) when (ex.IsStatus(HttpStatusCode.Conflict))
        {
            // Already registered (a re-join): kubelet's tryRegisterWithAPIServer reconciles the existing Node.
            node = await client.CoreV1.ReadNodeAsync(NodeName, cancellationToken: cancellationToken);
            node.Metadata.Labels ??= new Dictionary<string, string>();
            foreach (var (label, value) in desired.Metadata.Labels)
            {
                node.Metadata.Labels[label] = value;
            }

            node = await client.CoreV1.ReplaceNodeAsync(node, NodeName, cancellationToken: cancellationToken);
        }

        // Nodes accept status on create, but report it explicitly through /status as the kubelet's status loop does.
        node.Status = BuildStatus(node.Status);
        await client.CoreV1.ReplaceNodeStatusAsync(node, NodeName, cancellationToken: cancellationToken);
    }

    private async Task HeartbeatLoopAsync(CancellationToken cancellationToken)
    {
        // nodeStatusReportFrequency is 5 min; compressed by the clock speed, at least every 10 s.
        var period = _clock.ScaleClamped(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5));
        var failures = 0;
        while (true)
        {
            await Task.Delay(period, _clock.TimeProvider, cancellationToken);
            try
            {
                using var client = CreateNodeClient();
                var node = await client.CoreV1.ReadNodeAsync(NodeName, cancellationToken: cancellationToken);
                node.Status = BuildStatus(node.Status);
                await client.CoreV1.ReplaceNodeStatusAsync(node, NodeName, cancellationToken: cancellationToken);
                failures = 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failures++;
                _lastError = "node status update failed: " + ex.Message;
                if (failures == 1)
                {
                    _logger.LogWarning("Kubelet {Node}: node status update failed: {Error}", NodeName, ex.Message);
                }
            }
        }
    }

    /// <summary>
    /// The node lease heartbeat (k/k pkg/kubelet/nodelease, k8s.io/component-helpers apimachinery/lease/controller.go): a Lease named
    /// after the node in kube-node-lease, owned by the Node, 40 s duration, renewed every 10 s (a quarter of it).
    /// </summary>
    private async Task LeaseLoopAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (true)
        {
            try
            {
                using var client = CreateNodeClient();
                var now = _clock.UtcNow.UtcDateTime;
                V1Lease lease;
                try
                {
                    lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(NodeName, NodeLeaseNamespace, cancellationToken: cancellationToken);
                }
                catch (HttpOperationException ex) when (ex.IsStatus(HttpStatusCode.NotFound))
                {
                    var node = await client.CoreV1.ReadNodeAsync(NodeName, cancellationToken: cancellationToken);
                    await ProtobufRequests.CreateAsync(client, "/apis/coordination.k8s.io/v1/namespaces/" + NodeLeaseNamespace + "/leases", new V1Lease
                    {
                        ApiVersion = "coordination.k8s.io/v1",
                        Kind = "Lease",
                        Metadata = new V1ObjectMeta
                        {
                            Name = NodeName,
                            NamespaceProperty = NodeLeaseNamespace,
                            OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "Node", Name = NodeName, Uid = node.Metadata.Uid }],
                        },
                        Spec = new V1LeaseSpec { HolderIdentity = NodeName, LeaseDurationSeconds = 40, RenewTime = now },
                    }, cancellationToken);
                    lease = null!;
                }

                if (lease is not null)
                {
                    lease.Spec.RenewTime = now;
                    await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, NodeName, NodeLeaseNamespace, cancellationToken: cancellationToken);
                }

                failures = 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (++failures == 1)
                {
                    _logger.LogWarning("Kubelet {Node}: renewing the node lease failed: {Error}", NodeName, ex.Message);
                }
            }

            await Task.Delay(LeaseRenewInterval, _clock.TimeProvider, cancellationToken);
        }
    }

    /// <summary>The events a kubelet records on its Node when it starts (k/k pkg/kubelet/kubelet_node_status.go, kubelet.go).</summary>
    private async Task RecordStartupEventsAsync(CancellationToken cancellationToken)
    {
        using var client = CreateNodeClient();
        (string Reason, string Message)[] events =
        [
            ("Starting", "Starting kubelet."),
            ("NodeHasSufficientMemory", $"Node {NodeName} status is now: NodeHasSufficientMemory"),
            ("NodeHasNoDiskPressure", $"Node {NodeName} status is now: NodeHasNoDiskPressure"),
            ("NodeHasSufficientPID", $"Node {NodeName} status is now: NodeHasSufficientPID"),
            ("NodeAllocatableEnforced", "Updated Node Allocatable limit across pods"),
            ("NodeReady", $"Node {NodeName} status is now: NodeReady"),
        ];
        foreach (var (reason, message) in events)
        {
            var now = _clock.UtcNow;
            await client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
            {
                Metadata = new V1ObjectMeta
                {
                    // client-go tools/record: "<object name>.<hex UnixNano>".
                    Name = NodeName + "." + (now.ToUnixTimeMilliseconds() * 1_000_000 + Random.Shared.Next(0, 1_000_000)).ToString("x", System.Globalization.CultureInfo.InvariantCulture),
                    NamespaceProperty = "default",
                },
                InvolvedObject = new V1ObjectReference { Kind = "Node", Name = NodeName, Uid = NodeName },
                Reason = reason,
                Message = message,
                Source = new V1EventSource { Component = "kubelet", Host = NodeName },
                FirstTimestamp = now.UtcDateTime,
                LastTimestamp = now.UtcDateTime,
                Count = 1,
                Type = "Normal",
                ReportingComponent = "kubelet",
                ReportingInstance = NodeName,
            }, "default", cancellationToken: cancellationToken);
        }
    }

    private async Task ClientRotationLoopAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var deadline = _credentials!.NextRotationDeadline();
            _logger.LogDebug("Kubelet {Node}: client certificate rotation deadline {Deadline}", NodeName, deadline);
            if (deadline <= _clock.UtcNow && Renewals > 0)
            {
                // A freshly issued certificate that is already due (lifetime shorter than the signer's backdate): keep at
                // least a second between rotations instead of spinning.
                await Task.Delay(MinimumRotationSpacing, _clock.TimeProvider, cancellationToken);
            }

            await LongDelay.UntilAsync(deadline, _clock.TimeProvider, cancellationToken);

            _phase = KubeletPhase.Renewing;
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    using var client = CreateNodeClient();
                    var (key, csr) = await SubmitClientRequestAsync(client, renewal: true, cancellationToken);
                    using (key)
                    {
                        var certificate = await WaitAsync(client, csr, cancellationToken);
                        _credentials = new KubeletCredentials(certificate, key.ExportECPrivateKeyPem());
                    }

                    Interlocked.Increment(ref _renewals);
                    _phase = KubeletPhase.Registered;
                    _lastError = null;
                    _logger.LogInformation("Kubelet {Node}: rotated client certificate, valid until {NotAfter}", NodeName, _credentials.NotAfter);
                    break;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    var delay = BackoffFor(attempt);
                    _lastError = "client certificate rotation failed: " + ex.Message;
                    _logger.Log(
                        attempt == 0 ? LogLevel.Warning : LogLevel.Debug,
                        "Kubelet {Node}: client certificate rotation failed, retrying in {Delay}: {Error}",
                        NodeName,
                        delay,
                        ex.Message);
                    await Task.Delay(delay, _clock.TimeProvider, cancellationToken);
                }
            }
        }
    }

    private async Task ServingCertificateLoopAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var client = CreateNodeClient();
                using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

                // SANs from the Node's addresses: Hostname (not an IP) → DNS, InternalIP → IP (k/k pkg/kubelet/certificate/kubelet.go).
                var pem = KubeletCsrClient.CreateRequestPem(key, NodeName, [NodeName], [InternalIp]);
                var csr = await KubeletCsrClient.SubmitAsync(client, pem, KubernetesSignerNames.KubeletServing, KubeletCsrClient.ServingUsages, cancellationToken);
                _logger.LogInformation("Kubelet {Node}: created serving CSR {Csr} (needs a person to approve it)", NodeName, csr.Metadata.Name);

                // Waits without the 15-minute limit so that one pending serving CSR per node waits for a person.
                _servingCertificatePem = await KubeletCsrClient.WaitForCertificateAsync(client, csr, cancellationToken);
                _logger.LogInformation("Kubelet {Node}: received its serving certificate", NodeName);
                attempt = -1;
                var issued = new KubeletCredentials(_servingCertificatePem, key.ExportECPrivateKeyPem());
                await LongDelay.UntilAsync(issued.NextRotationDeadline(), _clock.TimeProvider, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var delay = BackoffFor(Math.Max(attempt, 0));
                _logger.Log(
                    attempt <= 0 ? LogLevel.Information : LogLevel.Debug,
                    "Kubelet {Node}: serving certificate request ended, retrying in {Delay}: {Error}",
                    NodeName,
                    delay,
                    ex.Message);
                await Task.Delay(delay, _clock.TimeProvider, cancellationToken);
            }
        }
    }

    private V1Node BuildNode() => KubeletNodeObjects.Node(NodeName, InternalIp, _kubeletVersion, _clock.UtcNow.UtcDateTime);

    private V1NodeStatus BuildStatus(V1NodeStatus? previous) =>
        KubeletNodeObjects.Status(NodeName, InternalIp, _kubeletVersion, _clock.UtcNow.UtcDateTime, previous);
}
