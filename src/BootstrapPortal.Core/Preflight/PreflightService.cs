using System.Diagnostics;
using System.Net;
using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Cluster;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Core.Text;
using BootstrapPortal.Core.Tokens;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Preflight;

/// <summary>
/// Runs the bootstrap preflight: reads cluster-info (as the portal and without credentials), the control plane's flags where
/// visible, the shared cache's tokens and CSRs, probes bootstrap-token authentication, and evaluates each prerequisite.
/// A report is reused for <see cref="PreflightOptions.MaxAge"/> and concurrent callers share one run, so page views and API
/// polls do not each create a probe token.
/// </summary>
public sealed partial class PreflightService : IDisposable
{
    /// <summary>A forced refresh within this time of the last run returns that run.</summary>
    public static readonly TimeSpan MinRefreshInterval = TimeSpan.FromSeconds(5);

    private readonly IKubernetes _client;
    private readonly ClusterEndpoint _endpoint;
    private readonly ClusterCache _cache;
    private readonly CsrCatalog _csrs;
    private readonly RbacAuditService _rbac;
    private readonly BootstrapTokenProbe _probe;
    private readonly IOptionsMonitor<PreflightOptions> _options;
    private readonly TokenOptions _tokenOptions;
    private readonly TimeProvider _time;
    private readonly ILogger<PreflightService> _logger;
    private readonly SemaphoreSlim _running = new(1, 1);
    private PreflightReport? _last;

    public PreflightService(IKubernetes client, ClusterEndpoint endpoint, ClusterCache cache, CsrCatalog csrs, RbacAuditService rbac, BootstrapTokenProbe probe,
        IOptionsMonitor<PreflightOptions> options, IOptions<TokenOptions> tokenOptions, TimeProvider time, ILogger<PreflightService> logger)
    {
        ArgumentNullException.ThrowIfNull(tokenOptions);
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _csrs = csrs ?? throw new ArgumentNullException(nameof(csrs));
        _rbac = rbac ?? throw new ArgumentNullException(nameof(rbac));
        _probe = probe ?? throw new ArgumentNullException(nameof(probe));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _tokenOptions = tokenOptions.Value;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>The last report, if any (for a page's first render).</summary>
    public PreflightReport? Last => Volatile.Read(ref _last);

    /// <summary>
    /// The current report (needs <see cref="PortalPermission.ReadCluster"/>): the last one while younger than
    /// <see cref="PreflightOptions.MaxAge"/>, else a new run. <paramref name="refresh"/> forces a run unless one just finished.
    /// </summary>
    public async Task<PreflightReport> GetAsync(PortalActor actor, bool refresh, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.Demand(PortalPermission.ReadCluster);
        if (Reusable(Last, refresh) is { } reused)
        {
            return reused;
        }

        await _running.WaitAsync(cancellationToken);
        try
        {
            if (Reusable(Last, refresh) is { } again)
            {
                return again;
            }

            var report = await RunAsync(actor.Name, cancellationToken);
            Volatile.Write(ref _last, report);
            return report;
        }
        finally
        {
            _running.Release();
        }
    }

    public void Dispose() => _running.Dispose();

    private PreflightReport? Reusable(PreflightReport? report, bool refresh)
    {
        if (report is null)
        {
            return null;
        }

        var age = _time.GetUtcNow() - report.RanAt;
        return age < (refresh ? MinRefreshInterval : _options.CurrentValue.MaxAge) ? report : null;
    }

    private async Task<PreflightReport> RunAsync(string requestedBy, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var options = _options.CurrentValue;
        var flagsTask = ControlPlaneFlags.ReadAsync(_client, cancellationToken);
        var clusterInfoTask = ReadClusterInfoAsync(cancellationToken);
        var anonymousTask = ReadAnonymouslyAsync(cancellationToken);
        var probeTask = _probe.RunAsync(options.ProbeTimeout, requestedBy, cancellationToken);
        await Task.WhenAll(flagsTask, clusterInfoTask, anonymousTask, probeTask);
        var (clusterInfo, clusterInfoError) = await clusterInfoTask;

        var now = _time.GetUtcNow();
        var secrets = _cache.BootstrapTokenSecrets.Items.Where(s => !BootstrapTokenProbe.IsProbe(s)).ToArray();
        var inputs = new PreflightInputs(
            now,
            options,
            await flagsTask,
            clusterInfo,
            clusterInfoError,
            await anonymousTask,
            await probeTask,
            secrets,
            BootstrapTokenInventory.Build(secrets, [], [], now, _tokenOptions.ExpiringSoonThreshold),
            _csrs.List(),
            _rbac.Current.Policy);
        PreflightCheck[] checks =
        [
            TokenAuthenticationCheck.Evaluate(inputs),
            ClientCaCheck.Evaluate(inputs),
            ClusterInfoSignaturesCheck.Evaluate(inputs),
            CsrSigningCheck.Evaluate(inputs),
            CsrApprovingCheck.Evaluate(inputs),
            AnonymousClusterInfoCheck.Evaluate(inputs),
            TokenExpiryCheck.Evaluate(inputs),
        ];
        var report = new PreflightReport(now, Stopwatch.GetElapsedTime(started), checks);
        LogRan(_logger, requestedBy, report.Worst, report.Took.TotalMilliseconds);
        return report;
    }

    private async Task<(V1ConfigMap? ConfigMap, string? Error)> ReadClusterInfoAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await _client.CoreV1.ReadNamespacedConfigMapAsync(BootstrapTokenFormat.ClusterInfoConfigMap, BootstrapTokenFormat.ClusterInfoNamespace,
                cancellationToken: cancellationToken), null);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return (null, null);
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return (null, "reading kube-public/cluster-info failed: " + KubernetesErrors.Describe(ex));
        }
    }

    private async Task<AnonymousReadOutcome> ReadAnonymouslyAsync(CancellationToken cancellationToken)
    {
        var configured = _endpoint.Configuration;
        var anonymous = new KubernetesClientConfiguration
        {
            Host = configured.Host,
            SslCaCerts = configured.SslCaCerts,
            SkipTlsVerify = configured.SkipTlsVerify,
            TlsServerName = configured.TlsServerName,
            HttpClientTimeout = TimeSpan.FromSeconds(15),
        };
        var host = configured.Host ?? string.Empty;
        try
        {
            using var client = new Kubernetes(anonymous);
            await client.CoreV1.ReadNamespacedConfigMapAsync(BootstrapTokenFormat.ClusterInfoConfigMap, BootstrapTokenFormat.ClusterInfoNamespace,
                cancellationToken: cancellationToken);
            return new AnonymousReadOutcome(200, EvidenceText.AnonymousAnswered.With(host, "200"));
        }
        catch (HttpOperationException ex)
        {
            return new AnonymousReadOutcome((int)ex.Response.StatusCode, EvidenceText.AnonymousAnswered.With(host, KubernetesErrors.Describe(ex)));
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new AnonymousReadOutcome(null, EvidenceText.AnonymousNoAnswer.With(host, KubernetesErrors.Describe(ex)));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Preflight for {Actor}: {Worst} in {Milliseconds} ms")]
    private static partial void LogRan(ILogger logger, string actor, PreflightStatus worst, double milliseconds);
}
