namespace BootstrapPortal.Core.Audit;

/// <summary>Where audit records are kept and searched (<see cref="AuditStore"/>, the portal database's table). Safe for concurrent use.</summary>
public interface IAuditStore
{
    /// <summary>Stores one event and returns its id.</summary>
    Task<long> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken);

    /// <summary>Stores several events in one transaction, in order (the audit trail's group commit).</summary>
    Task AppendManyAsync(IReadOnlyList<AuditEvent> auditEvents, CancellationToken cancellationToken);

    /// <summary>The records matching <paramref name="query"/>, newest first.</summary>
    Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <summary>The distinct actors and actions on record, for filter choices (at most <paramref name="limit"/> each).</summary>
    Task<AuditFacets> FacetsAsync(int limit, CancellationToken cancellationToken);
}
