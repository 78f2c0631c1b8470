using System.Collections.Concurrent;
using BootstrapPortal.Core.Audit;

namespace BootstrapPortal.Core.Tests.Rbac;

/// <summary>An audit trail that keeps what it was told, to assert what the services record.</summary>
internal sealed class RecordingAuditTrail : IAuditTrail
{
    private readonly ConcurrentQueue<AuditEvent> _events = new();

    public IReadOnlyList<AuditEvent> Events => [.. _events];

    public Task RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        _events.Enqueue(auditEvent);
        return Task.CompletedTask;
    }
}
