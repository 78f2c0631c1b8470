using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Audit;

/// <summary>
/// The audit store of a portal without a database: the newest <see cref="AuditOptions.MemoryCapacity"/> entries, lost on
/// restart (the structured log and the Kubernetes Events keep their own copies).
/// </summary>
public sealed class InMemoryAuditStore(IOptions<AuditOptions> options) : IAuditStore
{
    private readonly Lock _lock = new();
    private readonly LinkedList<AuditEntry> _entries = new();
    private readonly int _capacity = Math.Max(1, options?.Value.MemoryCapacity ?? AuditOptions.DefaultMemoryCapacity);
    private long _nextId;

    public Task<long> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        lock (_lock)
        {
            var entry = AuditEntry.From(++_nextId, auditEvent);
            _entries.AddFirst(entry);
            while (_entries.Count > _capacity)
            {
                _entries.RemoveLast();
            }

            return Task.FromResult(entry.Id);
        }
    }

    public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = Math.Clamp(query.Limit, 1, AuditQuery.MaxLimit);
        lock (_lock)
        {
            // Newest first by time, then by id (entries are appended as they happen, so this is nearly the list order).
            var matches = _entries.Where(query.Matches).OrderByDescending(e => e.Time).ThenByDescending(e => e.Id).ToArray();
            return Task.FromResult(new AuditPage([.. matches.Skip(Math.Max(0, query.Skip)).Take(limit)], matches.Length));
        }
    }

    public Task<AuditFacets> FacetsAsync(int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(new AuditFacets(
                [.. _entries.Select(e => e.Actor).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(limit)],
                [.. _entries.Select(e => e.Action).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(limit)]));
        }
    }
}
