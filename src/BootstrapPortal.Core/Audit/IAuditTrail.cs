namespace BootstrapPortal.Core.Audit;

/// <summary>
/// Records every change made through the portal (a structured log event, a database row and, where the object exists, a
/// Kubernetes Event on it). Services call it after they acted; recording never throws into the caller.
/// </summary>
public interface IAuditTrail
{
    Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken);
}
