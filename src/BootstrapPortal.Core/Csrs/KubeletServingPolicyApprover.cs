using System.Collections.Concurrent;
using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Core.Csrs.Serving;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// The serving policy approver for <c>kubernetes.io/kubelet-serving</c> CSRs. It always runs and acts while the serving policy
/// in force is enabled (<see cref="ServingPolicySnapshot.ApproverActive"/>), so switching the policy on in the UI takes effect
/// at once on every replica. After each cache or policy change (and every 30 s), once the CSR, Node and RBAC caches and the
/// policy are synced, it decides every pending serving CSR with <see cref="ServingPolicyEvaluator"/>: approves those that
/// pass, denies those that fail with a condition citing the failing checks, and leaves warnings for a person.
/// </summary>
public sealed partial class KubeletServingPolicyApprover : BackgroundService
{
    private static readonly TimeSpan Resync = TimeSpan.FromSeconds(30);
    private readonly IServiceProvider _services;
    private readonly CsrCatalog _catalog;
    private readonly ClusterCache _cache;
    private readonly IServingPolicyStore _policy;
    private readonly ServingPolicyEvaluator _evaluator;
    private readonly IOptionsMonitor<CsrPolicyOptions> _options;
    private readonly ILogger<KubeletServingPolicyApprover> _logger;
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly ConcurrentDictionary<string, string> _handled = new(StringComparer.Ordinal);

    public KubeletServingPolicyApprover(IServiceProvider services, CsrCatalog catalog, ClusterCache cache, IServingPolicyStore policy,
        ServingPolicyEvaluator evaluator, IOptionsMonitor<CsrPolicyOptions> options, ILogger<KubeletServingPolicyApprover> logger)
    {
        _services = services ?? throw new ArgumentNullException(nameof(services));
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _evaluator = evaluator ?? throw new ArgumentNullException(nameof(evaluator));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Decides every pending serving CSR once (the loop calls this after each change); returns what it did.</summary>
    public async Task<IReadOnlyList<CsrDecisionResult>> ReconcileAsync(ICsrApprovalService approvals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approvals);
        var results = new List<CsrDecisionResult>();
        var policy = _policy.Current;
        if (!_catalog.IsSynced || !_policy.IsSynced || !policy.ApproverActive)
        {
            return results;
        }

        var actor = PortalActor.Portal(_options.CurrentValue.PolicyActor);
        var pending = _catalog.List(new CsrQuery(State: CsrState.Pending, SignerName: KubernetesSignerNames.KubeletServing));
        foreach (var entry in pending)
        {
            var key = entry.View.ObjectUid ?? entry.Name;
            if (_handled.TryGetValue(entry.Name, out var seen) && seen == key)
            {
                continue;
            }

            var outcome = await _evaluator.DecideAsync(entry.View, entry.Verdict, policy.Rules, cancellationToken);
            if (outcome.Decision == ServingDecision.Leave)
            {
                continue;
            }

            var result = outcome.Decision == ServingDecision.Approve
                ? await approvals.ApproveAsync(entry.Name, new CsrApproval(outcome.ConditionReason), actor, cancellationToken)
                : await approvals.DenyAsync(entry.Name, outcome.ConditionReason, actor, cancellationToken);

            // Settled outcomes are not retried; a conflict, a failed call or a verdict that changed meanwhile is tried again.
            if (result.Outcome is not (CsrDecisionOutcome.Conflict or CsrDecisionOutcome.Failed or CsrDecisionOutcome.VerdictFails))
            {
                _handled[entry.Name] = key;
            }

            LogDecision(_logger, entry.Name, outcome.Decision, result.Outcome);
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
        // Resolved here, not in the constructor: in sandbox mode the cluster (and so IKubernetes) exists only once the sandbox
        // host has started.
        var approvals = _services.GetRequiredService<ICsrApprovalService>();
        _cache.Changed += Signal;
        _policy.Changed += Signal;
        var wasActive = (bool?)null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var active = _policy.Current.ApproverActive;
                if (active != wasActive)
                {
                    LogState(_logger, active ? "on" : "off");
                    wasActive = active;
                }

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
            _policy.Changed -= Signal;
        }
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving policy approver is {State} (the serving policy's Enabled)")]
    private static partial void LogState(ILogger logger, string state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving policy: CSR {Name} {Decision} → {Outcome}")]
    private static partial void LogDecision(ILogger logger, string name, ServingDecision decision, CsrDecisionOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Serving policy pass failed; retrying on the next change")]
    private static partial void LogReconcileFailed(ILogger logger, Exception exception);
}
