using System.Net;
using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Audit;
using BootstrapPortal.Core.Cluster;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Core.Rbac;

/// <summary>
/// Creates the ClusterRoleBindings that fix the bootstrap checklist, through the Kubernetes API as the person when
/// <c>Kubernetes:ImpersonateUsers</c> is on (so Kubernetes RBAC and the API server's audit log see them).
/// Needs <see cref="PortalPermission.FixRbac"/>; every binding is recorded in the audit trail as <see cref="AuditAction.RbacFix"/>.
/// Existing bindings are never overwritten.
/// </summary>
public sealed partial class RbacFixService
{
    public const string FieldManager = "bootstrap-portal";
    private readonly IKubernetes _client;
    private readonly RbacAuditService _audit;
    private readonly IAuditTrail _trail;
    private readonly TimeProvider _time;
    private readonly KubernetesImpersonation _impersonation;
    private readonly ILogger<RbacFixService> _logger;

    public RbacFixService(IKubernetes client, RbacAuditService audit, IAuditTrail trail, TimeProvider time, KubernetesImpersonation impersonation,
        ILogger<RbacFixService> logger)
    {
        _impersonation = impersonation ?? throw new ArgumentNullException(nameof(impersonation));
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _audit = audit ?? throw new ArgumentNullException(nameof(audit));
        _trail = trail ?? throw new ArgumentNullException(nameof(trail));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>What a fix would create (needs <see cref="PortalPermission.ReadCluster"/>); nothing is written.</summary>
    public BootstrapFixResult Preview(BootstrapFixRequest request, PortalActor actor)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actor);
        actor.Demand(PortalPermission.ReadCluster);
        var plan = _audit.Current.PlanFix(request, actor.Name);
        return new BootstrapFixResult([.. plan.Bindings.Select(b => Result(b, FixOutcome.Planned, null))], plan.Yaml);
    }

    /// <summary>Creates the planned bindings, each write made as <paramref name="actor"/> when impersonation is on.</summary>
    public async Task<BootstrapFixResult> ApplyAsync(BootstrapFixRequest request, PortalActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.Can(PortalPermission.FixRbac))
        {
            await RecordAsync(actor, "(bootstrap checklist)", AuditOutcome.Refused, null, $"needs the {PortalRoles.LeastRoleFor(PortalPermission.FixRbac)} role",
                cancellationToken);
            actor.Demand(PortalPermission.FixRbac);
        }

        IReadOnlyDictionary<string, IReadOnlyList<string>>? customHeaders;
        try
        {
            customHeaders = _impersonation.HeadersFor(actor);
        }
        catch (ImpersonationException ex)
        {
            await RecordAsync(actor, "(bootstrap checklist)", AuditOutcome.Refused, null, ex.Message, cancellationToken);
            throw;
        }

        var plan = _audit.Current.PlanFix(request, actor.Name);
        var results = new List<FixBindingResult>();
        foreach (var planned in plan.Bindings)
        {
            var result = await CreateAsync(planned, customHeaders, cancellationToken);
            results.Add(result);
            var outcome = result.Outcome switch
            {
                FixOutcome.Created or FixOutcome.AlreadyExists => AuditOutcome.Succeeded,
                FixOutcome.Refused => AuditOutcome.Refused,
                _ => AuditOutcome.Failed,
            };
            await RecordAsync(actor, planned.Name, outcome, BootstrapRequirements.Title(planned.Requirement),
                $"ClusterRole {planned.ClusterRole} to Group {planned.Group}: {result.Outcome}{(result.Message is null ? string.Empty : " — " + result.Message)}",
                cancellationToken);
        }

        return new BootstrapFixResult(results, plan.Yaml);
    }

    private async Task<FixBindingResult> CreateAsync(PlannedBinding planned, IReadOnlyDictionary<string, IReadOnlyList<string>>? headers,
        CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _client.RbacAuthorizationV1.CreateClusterRoleBindingWithHttpMessagesAsync(
                planned.Binding, fieldManager: FieldManager, customHeaders: headers, cancellationToken: cancellationToken);
            LogCreated(_logger, planned.Name, planned.ClusterRole, planned.Group);
            return Result(planned, FixOutcome.Created, null);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return await ExistingAsync(planned, headers, cancellationToken);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            LogRefused(_logger, planned.Name, (int)ex.Response.StatusCode);
            return Result(planned, FixOutcome.Refused, "Kubernetes refused it: " + KubernetesErrors.Describe(ex));
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogFailed(_logger, planned.Name, KubernetesErrors.Describe(ex));
            return Result(planned, FixOutcome.Failed, KubernetesErrors.Describe(ex));
        }
    }

    private async Task<FixBindingResult> ExistingAsync(PlannedBinding planned, IReadOnlyDictionary<string, IReadOnlyList<string>>? headers,
        CancellationToken cancellationToken)
    {
        V1ClusterRoleBinding existing;
        try
        {
            using var response = await _client.RbacAuthorizationV1.ReadClusterRoleBindingWithHttpMessagesAsync(planned.Name, customHeaders: headers,
                cancellationToken: cancellationToken);
            existing = response.Body;
        }
        catch (HttpOperationException ex)
        {
            return Result(planned, FixOutcome.Failed, "A binding with that name exists but could not be read: " + KubernetesErrors.Describe(ex));
        }

        var same = existing.RoleRef?.Kind == RbacBinding.ClusterRoleKind && existing.RoleRef.Name == planned.ClusterRole
            && existing.Subjects?.Any(s => s.Kind == RbacSubjects.GroupKind && s.Name == planned.Group) == true;
        return same
            ? Result(planned, FixOutcome.AlreadyExists, "It already exists with this role and group.")
            : Result(planned, FixOutcome.Failed, $"A ClusterRoleBinding named {planned.Name} already exists with another role or other subjects; it was left unchanged.");
    }

    private static FixBindingResult Result(PlannedBinding planned, FixOutcome outcome, string? message) =>
        new(planned.Name, planned.Requirement, planned.Group, planned.ClusterRole, outcome, message);

    private Task RecordAsync(PortalActor actor, string binding, AuditOutcome outcome, string? reason, string? detail, CancellationToken cancellationToken) =>
        _trail.RecordAsync(new AuditEvent(_time.GetUtcNow(), actor, AuditAction.RbacFix, "ClusterRoleBinding", null, binding, outcome, reason, detail),
            cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created ClusterRoleBinding {Binding} (ClusterRole {ClusterRole} to Group {Group})")]
    private static partial void LogCreated(ILogger logger, string binding, string clusterRole, string group);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kubernetes refused ClusterRoleBinding {Binding} with {StatusCode}")]
    private static partial void LogRefused(ILogger logger, string binding, int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Creating ClusterRoleBinding {Binding} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string binding, string error);
}
