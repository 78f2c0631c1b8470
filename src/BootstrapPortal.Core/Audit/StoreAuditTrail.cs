using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Core.Audit;

/// <summary>The stored part of the audit trail: one row per change in <see cref="IAuditStore"/>. Never throws into the caller.</summary>
public sealed partial class StoreAuditTrail(IAuditStore store, ILogger<StoreAuditTrail> logger) : IAuditTrail
{
    public async Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        try
        {
            // The row is written even when the caller's request was cancelled: the change it records may have happened.
            await store.AppendAsync(auditEvent, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex, auditEvent.Action, auditEvent.Actor.Name, auditEvent.TargetName);
        }
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Error, Message = "Could not store the audit record {AuditAction} by {Actor} on {TargetName}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string auditAction, string actor, string targetName);
}
