using System.Collections.Concurrent;
using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// The optional policy approver for <c>kubernetes.io/kubelet-serving</c> CSRs (off unless
/// <c>CsrPolicy:ServingApprover</c> is true). Whenever the cache changes (and once the CSR, Node and RBAC caches are synced) it
/// approves pending serving CSRs whose verdict passes and denies those whose verdict fails, citing the failing reasons in the
/// condition message. Warn verdicts (e.g. the Node is not registered yet) are left for a person.
/// </summary>
public sealed partial class KubeletServingPolicyApprover : BackgroundService
{
    public const string ApproveReason = "The serving certificate passed the BootstrapPortal policy (requested by the node itself, names within its addresses)";
    public const string DenyReasonPrefix = "The serving certificate failed the BootstrapPortal policy: ";

    private static readonly TimeSpan Resync = TimeSpan.FromSeconds(30);
    private readonly IServiceProvider _services;
    private readonly CsrCatalog _catalog;
    private readonly ClusterCache _cache;
    private readonly IOptionsMonitor<CsrPolicyOptions> _options;
    private readonly ILogger<KubeletServingPolicyApprover> _logger;
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly ConcurrentDictionary<string, string> _handled = new(StringComparer.Ordinal);

    public KubeletServingPolicyApprover(IServiceProvider services, CsrCatalog catalog, ClusterCache cache,
        IOptionsMonitor<CsrPolicyOptions> options, ILogger<KubeletServingPolicyApprover> logger)
    {
        _services = services ?? throw new ArgumentNullException(nameof(services));
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Decides every pending serving CSR once (the loop calls this after each cache change); returns what it did.</summary>
    public async Task<IReadOnlyList<CsrDecisionResult>> ReconcileAsync(ICsrApprovalService approvals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approvals);
        var results = new List<CsrDecisionResult>();
        if (!_catalog.IsSynced)
        {
            return results;
        }

        var actor = PortalActor.Portal(_options.CurrentValue.PolicyActor);
        var pending = _catalog.List(new CsrQuery(State: CsrState.Pending, SignerName: KubernetesSignerNames.KubeletServing));
        foreach (var entry in pending)
        {
            var key = entry.View.ObjectUid ?? entry.Name;
            if (entry.Verdict.Result == CsrVerdictResult.Warn || _handled.TryGetValue(entry.Name, out var seen) && seen == key)
            {
                continue;
            }

            var result = entry.Verdict.Result == CsrVerdictResult.Pass
                ? await approvals.ApproveAsync(entry.Name, ApproveReason, actor, cancellationToken)
                : await approvals.DenyAsync(entry.Name, DenyReason(entry.Verdict), actor, cancellationToken);
            // Settled outcomes are not retried; a conflict or a failed call is tried again on the next pass.
            if (result.Outcome is not (CsrDecisionOutcome.Conflict or CsrDecisionOutcome.Failed))
            {
                _handled[entry.Name] = key;
            }

            LogDecision(_logger, entry.Name, entry.Verdict.Result, result.Outcome);
            results.Add(result);
        }

        foreach (var name in _handled.Keys.Where(n => _cache.CertificateSigningRequests.Get(null, n) is null).ToArray())
        {
            _handled.TryRemove(name, out _);
        }

        return results;
    }

    public override void Dispose()
    {
        _signal.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.CurrentValue.ServingApprover)
        {
            LogDisabled(_logger);
            return;
        }

        // Resolved here, not in the constructor: in sandbox mode the cluster (and so IKubernetes) exists only once the sandbox
        // host has started.
        var approvals = _services.GetRequiredService<ICsrApprovalService>();
        LogEnabled(_logger);
        _cache.Changed += Signal;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // The first pass runs at once (CSRs may be waiting already); later ones after a change or the resync period.
                try
                {
                    await ReconcileAsync(approvals, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogReconcileFailed(_logger, ex);
                }

                await _signal.WaitAsync(Resync, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            _cache.Changed -= Signal;
        }
    }

    private static string DenyReason(CsrVerdict verdict)
    {
        var text = DenyReasonPrefix + string.Join(" ", verdict.FailReasons);
        return text.Length <= CsrDecisionText.MaxReasonLength ? text : text[..(CsrDecisionText.MaxReasonLength - 1)] + "…";
    }

    private void Signal()
    {
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
        catch (ObjectDisposedException)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving-certificate policy approver is off (CsrPolicy:ServingApprover)")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving-certificate policy approver is on")]
    private static partial void LogEnabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving policy: CSR {Name} verdict {Verdict} → {Outcome}")]
    private static partial void LogDecision(ILogger logger, string name, CsrVerdictResult verdict, CsrDecisionOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Serving policy pass failed; retrying on the next change")]
    private static partial void LogReconcileFailed(ILogger logger, Exception exception);
}
