namespace BootstrapPortal.Core.Audit;

/// <summary>
/// Where audit records are kept and searched: the portal's database when it is configured, otherwise
/// <see cref="InMemoryAuditStore"/>. Implementations are safe for concurrent use.
/// </summary>
public interface IAuditStore
{
    /// <summary>Stores one event and returns its id.</summary>
    Task<long> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken);

    /// <summary>The entries matching <paramref name="query"/>, newest first.</summary>
    Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <summary>The distinct actions and actors on record, for filter choices (at most <paramref name="limit"/> each).</summary>
    Task<AuditFacets> FacetsAsync(int limit, CancellationToken cancellationToken);
}
