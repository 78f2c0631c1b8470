using BootstrapPortal.Core.Audit;

namespace BootstrapPortal.Core.Tests.Csrs;

/// <summary>An audit trail that keeps every event in memory so tests can read what was recorded.</summary>
internal sealed class RecordingAuditTrail : IAuditTrail
{
    private readonly Lock _lock = new();
    private readonly List<AuditEvent> _events = [];

    public IReadOnlyList<AuditEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _events.Add(auditEvent);
        }

        return Task.CompletedTask;
    }
}
