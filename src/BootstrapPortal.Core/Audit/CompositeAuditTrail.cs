using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Core.Audit;

/// <summary>
/// The portal's <see cref="IAuditTrail"/>: hands each event to every writer (structured log, store, Kubernetes Events) in
/// turn. One writer's failure never stops the others, and never reaches the caller.
/// </summary>
public sealed partial class CompositeAuditTrail(IEnumerable<IAuditTrailWriter> writers, ILogger<CompositeAuditTrail> logger) : IAuditTrail
{
    private readonly IAuditTrailWriter[] _writers = [.. writers];

    public async Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        foreach (var writer in _writers)
        {
            try
            {
                await writer.Trail.RecordAsync(auditEvent, cancellationToken);
            }
            catch (Exception ex)
            {
                LogWriterFailed(logger, ex, writer.Trail.GetType().Name, auditEvent.Action);
            }
        }
    }

    [LoggerMessage(EventId = 9002, Level = LogLevel.Error, Message = "Audit writer {Writer} failed to record {AuditAction}")]
    private static partial void LogWriterFailed(ILogger logger, Exception exception, string writer, string auditAction);
}
