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
        var certificates = db.CertificateRecords.AsNoTracking();
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
