using BootstrapPortal.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BootstrapPortal.Core.Audit;

/// <summary>
/// The audit trail's table: appends events and pages through them by actor, action and time. Thread-safe (one context per
/// call); used by the audit trail's database writer and by its page and API.
/// </summary>
public sealed class AuditStore(IDbContextFactory<PortalDbContext> contexts) : IAuditStore
{
    /// <summary>Stores <paramref name="auditEvent"/> and returns the new row's id.</summary>
    public async Task<long> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        var record = AuditRecord.From(auditEvent);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.AuditRecords.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return record.Id;
    }

    /// <summary>Stores every event of <paramref name="auditEvents"/> in one transaction, in order.</summary>
    public async Task AppendManyAsync(IReadOnlyList<AuditEvent> auditEvents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auditEvents);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.AuditRecords.AddRange(auditEvents.Select(AuditRecord.From));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The records matching <paramref name="query"/>, newest first, with the total count of matches.</summary>
    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = db.AuditRecords.AsNoTracking();
        if (!string.IsNullOrEmpty(query.Actor))
        {
            rows = rows.Where(r => r.Actor == query.Actor);
        }

        if (!string.IsNullOrEmpty(query.Action))
        {
            rows = rows.Where(r => r.Action == query.Action);
        }

        if (query.Since is { } since)
        {
            var from = since.UtcDateTime;
            rows = rows.Where(r => r.Time >= from);
        }

        if (query.Until is { } until)
        {
            var to = until.UtcDateTime;
            rows = rows.Where(r => r.Time < to);
        }

        if (query.Outcome is { } outcome)
        {
            rows = rows.Where(r => r.Outcome == outcome);
        }

        var total = await rows.CountAsync(cancellationToken);
        var items = await rows
            .OrderByDescending(r => r.Time).ThenByDescending(r => r.Id)
            .Skip(Math.Max(0, query.Skip))
            .Take(Math.Clamp(query.Take, 1, AuditQuery.MaxTake))
            .ToListAsync(cancellationToken);
        return new AuditPage(items, total);
    }

    /// <summary>The distinct actors and actions on record (for the audit page's filters), each sorted, at most <paramref name="limit"/>.</summary>
    public async Task<AuditFacets> FacetsAsync(int limit, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var actors = await db.AuditRecords.AsNoTracking().Select(r => r.Actor).Distinct().OrderBy(a => a).Take(limit).ToListAsync(cancellationToken);
        var actions = await db.AuditRecords.AsNoTracking().Select(r => r.Action).Distinct().OrderBy(a => a).Take(limit).ToListAsync(cancellationToken);
        return new AuditFacets(actors, actions);
    }
}
