using System.Net;
using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Audit;
using BootstrapPortal.Core.Cluster;
using BootstrapPortal.Core.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// <see cref="ICsrApprovalService"/> over the portal's Kubernetes connection: PUT <c>/approval</c> with the object just read
/// (its resourceVersion makes the write conditional), so a concurrent change answers 409 and is reported, never overwritten.
/// </summary>
public sealed partial class CsrApprovalService : ICsrApprovalService
{
    private readonly IKubernetes _client;
    private readonly CsrCatalog _catalog;
    private readonly IOptionsMonitor<CsrPolicyOptions> _options;
    private readonly IAuditTrail _audit;
    private readonly TimeProvider _time;
    private readonly KubernetesImpersonation _impersonation;
    private readonly ILogger<CsrApprovalService> _logger;
    private const int MaxAuditDetail = 2000;

    public CsrApprovalService(IKubernetes client, CsrCatalog catalog, IOptionsMonitor<CsrPolicyOptions> options, IAuditTrail audit,
        TimeProvider time, KubernetesImpersonation impersonation, ILogger<CsrApprovalService> logger)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _audit = audit ?? throw new ArgumentNullException(nameof(audit));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _impersonation = impersonation ?? throw new ArgumentNullException(nameof(impersonation));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public Task<CsrDecisionResult> ApproveAsync(string name, CsrApproval approval, PortalActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approval);
        return DecideAsync(name, new Decision(true, approval.Reason, approval.Override), actor, cancellationToken);
    }

    public Task<CsrDecisionResult> DenyAsync(string name, string reason, PortalActor actor, CancellationToken cancellationToken) =>
        DecideAsync(name, new Decision(false, reason, false), actor, cancellationToken);

    public async Task<IReadOnlyList<CsrDecisionResult>> BulkApproveAsync(BulkApprovalRequest request, string reason, PortalActor actor,
        IProgress<BulkProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await DemandAsync(actor, AuditAction.CsrApprove, "(bulk)", cancellationToken);

        // One snapshot for the whole run: every approval changes the cache, and each item is judged again from the object it
        // reads right before writing, so the list and the per-item requirements need no rebuild per item.
        var snapshot = _catalog.Snapshot;
        var names = (request.Names ?? snapshot.Entries
                .Where(CsrApprovalRules.IsBulkApprovable)
                .Select(e => e.Name)
                .ToArray())
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        var results = new CsrDecisionResult[names.Length];
        var completed = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.CurrentValue.BulkConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, names.Length), parallel, async (index, token) =>
        {
            var result = await BulkItemAsync(snapshot, names[index], request, reason, actor, token);
            results[index] = result;
            progress?.Report(new BulkProgress(Interlocked.Increment(ref completed), names.Length, result));
        });
        LogBulk(_logger, actor.Name, names.Length, results.Count(r => r.Succeeded));
        return results;
    }

    private async Task<CsrDecisionResult> BulkItemAsync(CsrCatalogSnapshot snapshot, string name, BulkApprovalRequest request, string reason,
        PortalActor actor, CancellationToken cancellationToken)
    {
        var entry = snapshot.Find(name);
        if (entry is null)
        {
            // The cache may lag behind a CSR created a moment ago: read it.
            try
            {
                entry = _catalog.Evaluate(await _client.CertificatesV1.ReadCertificateSigningRequestAsync(name, cancellationToken: cancellationToken));
            }
            catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.NotFound)
            {
                return new CsrDecisionResult(name, CsrDecisionOutcome.NotFound, DecisionText.NotFound.With(name));
            }
            catch (Exception ex) when (ex is HttpOperationException or HttpRequestException or TimeoutException)
            {
                return new CsrDecisionResult(name, CsrDecisionOutcome.Failed, CommonText.Plain(KubernetesErrors.Describe(ex)));
            }
        }

        var verdict = entry.Verdict;

        // What the live object's verdict may be for this item to go ahead: no worse than what was confirmed.
        var decision = new Decision(true, reason, false, Accepts: CsrVerdictResult.Pass);
        switch (CsrApprovalRules.RequirementFor(verdict))
        {
            case CsrApprovalRequirement.Confirmation when !request.IsConfirmed(name):
                return Skipped(name, verdict, DecisionText.SkippedWarnNotConfirmed.With(Reasons(verdict)));
            case CsrApprovalRequirement.Confirmation:
                decision = decision with { Accepts = CsrVerdictResult.Warn };
                break;
            case CsrApprovalRequirement.Override when request.OverrideReason(name) is { } overrideReason:
                decision = new Decision(true, overrideReason, true);
                break;
            case CsrApprovalRequirement.Override:
                return Skipped(name, verdict, DecisionText.SkippedFailNotOverridden.With(Reasons(verdict)));
            default:
                break;
        }

        var result = await DecideAndRecordAsync(name, decision, actor, cancellationToken);
        return result with { Verdict = result.Verdict ?? verdict.Result };
    }

    private static CsrDecisionResult Skipped(string name, CsrVerdict verdict, PortalText why) => new(
        name,
        CsrDecisionOutcome.Skipped,
        why,
        Verdict: verdict.Result,
        Checks: verdict.Problems);

    private static TextList Reasons(CsrVerdict verdict) => TextList.Of(" ", verdict.ReasonTexts);

    private async Task<CsrDecisionResult> DecideAsync(string name, Decision decision, PortalActor actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        await DemandAsync(actor, decision.Approve ? AuditAction.CsrApprove : AuditAction.CsrDeny, name, cancellationToken);
        return await DecideAndRecordAsync(name, decision, actor, cancellationToken);
    }

    private async Task DemandAsync(PortalActor actor, string action, string target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.Can(PortalPermission.DecideCsrs))
        {
            await _audit.RecordAsync(new AuditEvent(_time.GetUtcNow(), actor, action, "CertificateSigningRequest", null, target, AuditOutcome.Refused,
                null, $"needs the {PortalRoles.LeastRoleFor(PortalPermission.DecideCsrs)} role"), cancellationToken);
            actor.Demand(PortalPermission.DecideCsrs);
        }
    }

    private async Task<CsrDecisionResult> DecideAndRecordAsync(string name, Decision decision, PortalActor actor, CancellationToken cancellationToken)
    {
        var (result, uid) = await WriteDecisionAsync(name, decision, actor, cancellationToken);
        var outcome = result.Outcome switch
        {
            CsrDecisionOutcome.Approved or CsrDecisionOutcome.Denied => AuditOutcome.Succeeded,
            CsrDecisionOutcome.Forbidden or CsrDecisionOutcome.VerdictFails => AuditOutcome.Refused,
            _ => AuditOutcome.Failed,
        };
        await _audit.RecordAsync(new AuditEvent(_time.GetUtcNow(), actor, decision.Approve ? AuditAction.CsrApprove : AuditAction.CsrDeny,
            "CertificateSigningRequest", null, name, outcome, decision.Reason, AuditDetail(result, decision), uid ?? _catalog.Get(name)?.View.ObjectUid), cancellationToken);
        return result;
    }

    /// <summary>What the audit trail keeps beside the reason: an override with the checks it overrode, a refusal with its cause.</summary>
    internal static string? AuditDetail(CsrDecisionResult result, Decision decision)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(decision);
        var failing = string.Join("; ", (result.Checks ?? []).Where(c => c.Result == CsrCheckResult.Fail).Select(c => c.Cited));
        var detail = result.Outcome switch
        {
            CsrDecisionOutcome.Approved when decision.Override && result.Verdict == CsrVerdictResult.Fail => "override of a failing verdict; failing checks: " + failing,
            CsrDecisionOutcome.Approved or CsrDecisionOutcome.Denied => null,
            CsrDecisionOutcome.VerdictFails => "refused: the verdict fails and no override was given; failing checks: " + failing,
            _ => result.Message,
        };
        return detail is { Length: > MaxAuditDetail } ? detail[..(MaxAuditDetail - 1)] + "…" : detail;
    }

    /// <summary>Reads and writes as the actor (impersonated when configured); returns the result and the object's uid when it was read.</summary>
    private async Task<(CsrDecisionResult Result, string? Uid)> WriteDecisionAsync(string name, Decision decision, PortalActor actor,
        CancellationToken cancellationToken)
    {
        var (approve, reason) = (decision.Approve, decision.Reason);
        if (CsrDecisionText.ValidateReason(reason) is { } reasonError)
        {
            return (new CsrDecisionResult(name, CsrDecisionOutcome.Failed, CommonText.Plain(reasonError)), null);
        }

        var verb = approve ? "approve" : "deny";
        IReadOnlyDictionary<string, IReadOnlyList<string>>? headers;
        try
        {
            headers = _impersonation.HeadersFor(actor);
        }
        catch (ImpersonationException ex)
        {
            return (new CsrDecisionResult(name, CsrDecisionOutcome.Forbidden,
                (approve ? DecisionText.NotApprovedImpersonation : DecisionText.NotDeniedImpersonation).With(ex.Message)), null);
        }

        string? uid = null;
        try
        {
            var csr = await ReadAsync(name, headers, cancellationToken);
            uid = csr.Metadata?.Uid;
            if (ExistingDecision(csr) is { } existing)
            {
                return (AlreadyDecided(name, existing, verb), uid);
            }

            // Judge the object about to be approved, not an older cached copy.
            CsrVerdict? verdict = null;
            if (approve)
            {
                verdict = _catalog.Evaluate(csr).Verdict;
                if (decision.Accepts is { } accepts && verdict.Result > accepts && verdict.Result != CsrVerdictResult.Fail && !decision.Override)
                {
                    return (Skipped(name, verdict, DecisionText.SkippedWorse.With(verdict.Result.ToString(), Reasons(verdict))), uid);
                }

                if (verdict.Result == CsrVerdictResult.Fail && !decision.Override)
                {
                    return (new CsrDecisionResult(name, CsrDecisionOutcome.VerdictFails,
                        DecisionText.VerdictFails.With(name, TextList.Of(" ", verdict.FailTexts)),
                        Verdict: verdict.Result, Checks: verdict.Problems), uid);
                }
            }

            var condition = new V1CertificateSigningRequestCondition
            {
                Type = approve ? "Approved" : "Denied",
                Status = "True",
                Reason = approve ? CsrDecisionText.ApprovedReason : CsrDecisionText.DeniedReason,
                Message = CsrDecisionText.Message(reason, actor.Name),
            };
            csr.Status ??= new V1CertificateSigningRequestStatus();
            csr.Status.Conditions = [.. csr.Status.Conditions ?? [], condition];
            try
            {
                using var response = await _client.CertificatesV1.ReplaceCertificateSigningRequestApprovalWithHttpMessagesAsync(csr, name,
                    customHeaders: headers, cancellationToken: cancellationToken);
                var written = response.Body;
                LogDecided(_logger, name, condition.Type, actor.Name);
                var landed = written.Status?.Conditions?.FirstOrDefault(c => c.Type == condition.Type) ?? condition;
                return (new CsrDecisionResult(name, approve ? CsrDecisionOutcome.Approved : CsrDecisionOutcome.Denied,
                    (approve ? DecisionText.Approved : DecisionText.Denied).With(reason.Trim(), actor.Name.Trim()), CsrConditionView.From(landed), verdict?.Result, verdict?.Problems), uid);
            }
            catch (HttpOperationException ex) when (ex.Response?.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity)
            {
                // Changed meanwhile (409), or the server refused the combination (422, e.g. Denied already present): re-read and report.
                LogConflict(_logger, name, (int)ex.Response!.StatusCode);
                var latest = await ReadAsync(name, headers, cancellationToken);
                if (ExistingDecision(latest) is { } decided)
                {
                    return (AlreadyDecided(name, decided, verb), uid);
                }

                return (new CsrDecisionResult(name, CsrDecisionOutcome.Conflict,
                    (approve ? DecisionText.ChangedWhileApproving : DecisionText.ChangedWhileDenying).With(name, KubernetesErrors.Describe(ex))), uid);
            }
        }
        catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return (new CsrDecisionResult(name, CsrDecisionOutcome.NotFound, DecisionText.NotFound.With(name)), uid);
        }
        catch (HttpOperationException ex) when (ex.Response?.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            object who = headers is null ? string.Empty : DecisionText.ForActor.With(actor.Name);
            return (new CsrDecisionResult(name, CsrDecisionOutcome.Forbidden,
                (approve ? DecisionText.RefusedApprove : DecisionText.RefusedDeny).With(name, who, KubernetesErrors.Describe(ex))), uid);
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException or TimeoutException or k8s.KubernetesException)
        {
            LogFailed(_logger, name, ex);
            return (new CsrDecisionResult(name, CsrDecisionOutcome.Failed, (approve ? DecisionText.CouldNotApprove : DecisionText.CouldNotDeny).With(name, KubernetesErrors.Describe(ex))), uid);
        }
    }

    private async Task<V1CertificateSigningRequest> ReadAsync(string name, IReadOnlyDictionary<string, IReadOnlyList<string>>? headers,
        CancellationToken cancellationToken)
    {
        using var response = await _client.CertificatesV1.ReadCertificateSigningRequestWithHttpMessagesAsync(name, customHeaders: headers,
            cancellationToken: cancellationToken);
        return response.Body;
    }

    private static CsrDecisionResult AlreadyDecided(string name, V1CertificateSigningRequestCondition existing, string verb) => new(
        name,
        CsrDecisionOutcome.AlreadyDecided,
        (verb == "approve" ? DecisionText.AlreadyApproved : DecisionText.AlreadyDenied).With(name, existing.Type.ToLowerInvariant(), existing.Reason ?? string.Empty, existing.Message ?? string.Empty),
        CsrConditionView.From(existing));

    private static V1CertificateSigningRequestCondition? ExistingDecision(V1CertificateSigningRequest csr) =>
        csr.Status?.Conditions?.FirstOrDefault(c => c?.Type is "Approved" or "Denied");

    /// <summary>An approval or denial as the service carries it.</summary>
    /// <param name="Accepts">For a bulk item: the worst live verdict it may be approved with (null: any that passes or warns).</param>
    internal sealed record Decision(bool Approve, string Reason, bool Override, CsrVerdictResult? Accepts = null);

    [LoggerMessage(Level = LogLevel.Information, Message = "CSR {Name}: {Decision} by {Actor}")]
    private static partial void LogDecided(ILogger logger, string name, string decision, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "CSR {Name}: approval write answered {StatusCode}; re-reading")]
    private static partial void LogConflict(ILogger logger, string name, int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CSR {Name}: decision failed")]
    private static partial void LogFailed(ILogger logger, string name, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bulk approval by {Actor}: {Succeeded} of {Total} approved")]
    private static partial void LogBulk(ILogger logger, string actor, int total, int succeeded);
}
