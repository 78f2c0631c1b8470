using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Core.Audit;

/// <summary>The structured-log part of the audit trail: one Serilog/ILogger event per change, with every field as a property.</summary>
public sealed partial class LoggingAuditTrail(ILogger<LoggingAuditTrail> logger) : IAuditTrail
{
    public Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        LogAudit(logger, auditEvent.Action, auditEvent.Outcome, auditEvent.Actor.Name, auditEvent.Actor.Kind.ToString(),
            auditEvent.TargetKind, auditEvent.TargetNamespace ?? string.Empty, auditEvent.TargetName, auditEvent.Reason ?? string.Empty,
            auditEvent.Detail ?? string.Empty);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 9000, Level = LogLevel.Information,
        Message = "Audit {AuditAction} {AuditOutcome} by {Actor} ({ActorKind}) on {TargetKind} {TargetNamespace}/{TargetName}: {Reason} {Detail}")]
    private static partial void LogAudit(ILogger logger, string auditAction, AuditOutcome auditOutcome, string actor, string actorKind,
        string targetKind, string targetNamespace, string targetName, string reason, string detail);
}
