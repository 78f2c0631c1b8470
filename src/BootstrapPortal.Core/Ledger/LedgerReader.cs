using BootstrapPortal.Core.Paging;
using BootstrapPortal.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BootstrapPortal.Core.Ledger;

/// <summary>Reads the certificate ledger: certificates with their decisions, a node's history, and per-node facts for rotation health.</summary>
public sealed class LedgerReader(IDbContextFactory<PortalDbContext> contexts, TimeProvider time)
{
    /// <summary>How far back unresolved renewal requests are considered (kubelets retry every 15 minutes, for ever).</summary>
    public static readonly TimeSpan PendingLookback = TimeSpan.FromDays(60);

    /// <summary>Certificates matching <paramref name="query"/>, soonest to expire first.</summary>
    public async Task<IReadOnlyList<LedgerCertificate>> CertificatesAsync(CertificateQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var certificates = Filter(db.CertificateRecords.AsNoTracking(), query);
        var rows = await (
                from c in certificates
                join r in db.CsrRecords.AsNoTracking() on c.CsrUid equals r.CsrUid into requests
                from r in requests.DefaultIfEmpty()
                orderby c.NotAfter, c.Id
                select new { c, r })
            .Take(Math.Clamp(query.Take, 1, CertificateQuery.MaxTake))
            .ToListAsync(cancellationToken);
        return rows.Select(x => LedgerCertificate.From(x.c, x.r)).ToArray();
    }

    /// <summary>
    /// One page of the certificates matching <paramref name="query"/> (its <see cref="CertificateQuery.Take"/> is not used) in
    /// the order of <paramref name="sort"/>, after <paramref name="after"/> when given, at most <paramref name="limit"/> (1 to
    /// <see cref="ListLimits.MaxLimit"/>). Paged in the database by key (the sort value, then the row's id), so a page costs the
    /// same wherever it starts and rows recorded meanwhile neither repeat nor skip the others.
    /// </summary>
    public async Task<CertificatePage> CertificatePageAsync(CertificateQuery query, CertificateSortKey sort, SortDirection direction, ListCursor? after, int limit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ListLimits.Validate(0, limit);
        if (after is not null && (!string.Equals(after.Sort, sort.ToString(), StringComparison.Ordinal) || after.Direction != direction))
        {
            throw new ArgumentException("The cursor was made for another sort order.", nameof(after));
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var certificates = Filter(db.CertificateRecords.AsNoTracking(), query);
        var total = await certificates.CountAsync(cancellationToken);
        var ascending = direction == SortDirection.Ascending;
        if (after is not null)
        {
            if (after.Value.Number is not { } ticks || ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks
                || !long.TryParse(after.Name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
            {
                throw new ArgumentException("The cursor is not a position in the certificate list.", nameof(after));
            }

            var at = new DateTime(ticks, DateTimeKind.Utc);
            certificates = (sort, ascending) switch
            {
                (CertificateSortKey.NotBefore, true) => certificates.Where(c => c.NotBefore > at || (c.NotBefore == at && c.Id > id)),
                (CertificateSortKey.NotBefore, false) => certificates.Where(c => c.NotBefore < at || (c.NotBefore == at && c.Id < id)),
                (_, true) => certificates.Where(c => c.NotAfter > at || (c.NotAfter == at && c.Id > id)),
                _ => certificates.Where(c => c.NotAfter < at || (c.NotAfter == at && c.Id < id)),
            };
        }

        var ordered = (sort, ascending) switch
        {
            (CertificateSortKey.NotBefore, true) => certificates.OrderBy(c => c.NotBefore).ThenBy(c => c.Id),
            (CertificateSortKey.NotBefore, false) => certificates.OrderByDescending(c => c.NotBefore).ThenByDescending(c => c.Id),
            (_, true) => certificates.OrderBy(c => c.NotAfter).ThenBy(c => c.Id),
            _ => certificates.OrderByDescending(c => c.NotAfter).ThenByDescending(c => c.Id),
        };
        var page = await ordered.Take(limit + 1).ToListAsync(cancellationToken);
        var more = page.Count > limit;
        if (more)
        {
            page.RemoveAt(page.Count - 1);
        }

        var uids = page.Where(c => c.CsrUid is not null).Select(c => c.CsrUid!).Distinct().ToArray();
        var requests = uids.Length == 0
            ? new Dictionary<string, CsrRecord>(StringComparer.Ordinal)
            : await db.CsrRecords.AsNoTracking().Where(r => uids.Contains(r.CsrUid)).ToDictionaryAsync(r => r.CsrUid, StringComparer.Ordinal, cancellationToken);
        var items = page.Select(c => LedgerCertificate.From(c, c.CsrUid is null ? null : requests.GetValueOrDefault(c.CsrUid))).ToArray();
        ListCursor? next = null;
        if (more && page.Count > 0)
        {
            var last = page[^1];
            var value = sort == CertificateSortKey.NotBefore ? last.NotBefore : last.NotAfter;
            next = new ListCursor(sort.ToString(), direction, SortValue.Of(value.Ticks), last.Id.ToString("D19", System.Globalization.CultureInfo.InvariantCulture));
        }

        return new CertificatePage(items, total, next);
    }

    private IQueryable<CertificateRecord> Filter(IQueryable<CertificateRecord> certificates, CertificateQuery query)
    {
        if (!string.IsNullOrEmpty(query.Node))
        {
            certificates = certificates.Where(c => c.NodeName == query.Node);
        }

        if (query.Kind is { } kind)
        {
            certificates = certificates.Where(c => c.Kind == kind);
        }

        if (query.ExpiringWithin is { } within)
        {
            var before = time.GetUtcNow().UtcDateTime + within;
            certificates = certificates.Where(c => c.NotAfter <= before);
        }

        return certificates;
    }

    /// <summary>Every certificate and CSR the ledger holds for <paramref name="node"/>, newest first.</summary>
    public async Task<NodeHistory> HistoryAsync(string node, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var requests = await db.CsrRecords.AsNoTracking().Where(r => r.NodeName == node)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).ToListAsync(cancellationToken);
        var certificates = await db.CertificateRecords.AsNoTracking().Where(c => c.NodeName == node)
            .OrderByDescending(c => c.NotBefore).ThenByDescending(c => c.Id).ToListAsync(cancellationToken);
        var byUid = requests.ToDictionary(r => r.CsrUid, StringComparer.Ordinal);
        var missing = certificates.Where(c => c.CsrUid is not null && !byUid.ContainsKey(c.CsrUid)).Select(c => c.CsrUid!).Distinct().ToArray();
        if (missing.Length > 0)
        {
            foreach (var r in await db.CsrRecords.AsNoTracking().Where(r => missing.Contains(r.CsrUid)).ToListAsync(cancellationToken))
            {
                byUid[r.CsrUid] = r;
            }
        }

        return new NodeHistory(
            node,
            certificates.Select(c => LedgerCertificate.From(c, c.CsrUid is null ? null : byUid.GetValueOrDefault(c.CsrUid))).ToArray(),
            requests.Select(LedgerRequest.From).ToArray());
    }

    /// <summary>
    /// Per node: the current client and serving certificates (the latest issued of each kind), unresolved renewal requests
    /// since then, and the bootstrap token the node joined with (its first client CSR from <c>system:bootstrap:&lt;id&gt;</c>).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, NodeLedgerFacts>> NodeFactsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var since = time.GetUtcNow().UtcDateTime - PendingLookback;
        var certificates = await db.CertificateRecords.AsNoTracking()
            .Where(c => c.NodeName != null && c.Kind != CertificateKind.Other)
            .ToListAsync(cancellationToken);
        var requests = await db.CsrRecords.AsNoTracking()
            .Where(r => r.NodeName != null && r.Kind != CertificateKind.Other && (r.CreatedAt >= since || r.BootstrapTokenId != null))
            .ToListAsync(cancellationToken);
        var requestsByUid = requests.ToDictionary(r => r.CsrUid, StringComparer.Ordinal);
        var current = certificates
            .GroupBy(c => (Node: c.NodeName!, c.Kind))
            .ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.NotBefore).ThenByDescending(c => c.Id).First());
        var pending = requests.Where(r => r.CreatedAt >= since).GroupBy(r => (Node: r.NodeName!, r.Kind)).ToDictionary(g => g.Key, g => g.ToList());
        var joined = requests.Where(r => r.BootstrapTokenId != null && r.Kind == CertificateKind.Client)
            .GroupBy(r => r.NodeName!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.CreatedAt ?? r.FirstSeen).First().BootstrapTokenId, StringComparer.Ordinal);

        var nodes = current.Keys.Select(k => k.Node).Concat(pending.Keys.Select(k => k.Node)).Concat(joined.Keys).Distinct(StringComparer.Ordinal);
        var facts = new Dictionary<string, NodeLedgerFacts>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            var client = current.GetValueOrDefault((node, CertificateKind.Client));
            var serving = current.GetValueOrDefault((node, CertificateKind.Serving));
            facts[node] = new NodeLedgerFacts(
                node,
                client is null ? null : LedgerCertificate.From(client, client.CsrUid is null ? null : requestsByUid.GetValueOrDefault(client.CsrUid)),
                serving is null ? null : LedgerCertificate.From(serving, serving.CsrUid is null ? null : requestsByUid.GetValueOrDefault(serving.CsrUid)),
                Unresolved(pending.GetValueOrDefault((node, CertificateKind.Client)), client, requestsByUid),
                Unresolved(pending.GetValueOrDefault((node, CertificateKind.Serving)), serving, requestsByUid),
                joined.GetValueOrDefault(node));
        }

        return facts;
    }

    /// <summary>
    /// Requests created after the current certificate's own request (or after its notBefore when that request is unknown)
    /// that produced no certificate; null when there are none or the newest of them was decided.
    /// </summary>
    internal static PendingRenewal? Unresolved(List<CsrRecord>? requests, CertificateRecord? current, IReadOnlyDictionary<string, CsrRecord> byUid)
    {
        if (requests is null)
        {
            return null;
        }

        var after = current is null ? DateTime.MinValue
            : current.CsrUid is not null && byUid.TryGetValue(current.CsrUid, out var own) && own.CreatedAt is { } created ? created
            : current.NotBefore;
        var attempts = requests
            .Where(r => r.IssuedAt is null && r.CreatedAt is { } c && c > after && (current is null || r.CsrUid != current.CsrUid))
            .OrderBy(r => r.CreatedAt)
            .ToList();
        if (attempts.Count == 0)
        {
            return null;
        }

        var latest = attempts[^1];
        return new PendingRenewal(DecisionInfo.Instant(attempts[0].CreatedAt)!.Value, attempts.Count, latest.CsrName,
            latest.Decision is null && latest.FailureMessage is null);
    }
}
