using System.Data.Common;
using System.Globalization;
using System.Text;
using BootstrapPortal.Core.Audit;
using BootstrapPortal.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace BootstrapPortal.Core.Ledger;

/// <summary>
/// Writes ledger rows idempotently: <c>INSERT … ON CONFLICT DO UPDATE</c> on the unique keys (CSR UID; issuer + serial), in
/// one transaction per batch, with a merge that only ever fills in values (a CSR's decision and certificate never change),
/// so restarts, re-lists and several replicas writing the same rows in any order converge to one row each. The SQL is the
/// same on SQLite and PostgreSQL.
/// </summary>
public sealed class LedgerWriter(IDbContextFactory<PortalDbContext> contexts)
{
    private const int RowsPerStatement = 100;
    private const int KeysPerStatement = 500;

    private static readonly string[] CsrColumns =
    [
        "csr_uid", "csr_name", "signer_name", "requestor", "bootstrap_token_id", "node_name", "kind", "created_at", "decision",
        "decision_reason", "decision_message", "decided_by", "decision_source", "decided_at", "failure_message", "issued_at",
        "decode_error", "first_seen", "last_seen", "deleted_at",
    ];

    private static readonly string[] CertificateColumns =
    [
        "issuer", "serial_number", "sha256_fingerprint", "subject", "node_name", "kind", "not_before", "not_after",
        "chains_to_cluster_ca", "csr_uid", "csr_name", "first_seen", "last_seen",
    ];

    private const string CsrConflict = """
         ON CONFLICT (csr_uid) DO UPDATE SET
          node_name = COALESCE(ledger_csrs.node_name, excluded.node_name),
          decision = COALESCE(ledger_csrs.decision, excluded.decision),
          decision_reason = COALESCE(ledger_csrs.decision_reason, excluded.decision_reason),
          decision_message = COALESCE(ledger_csrs.decision_message, excluded.decision_message),
          decided_by = CASE WHEN ledger_csrs.decision_source = 'AuditTrail' OR excluded.decided_by IS NULL THEN ledger_csrs.decided_by
                            WHEN excluded.decision_source = 'AuditTrail' OR ledger_csrs.decided_by IS NULL THEN excluded.decided_by
                            ELSE ledger_csrs.decided_by END,
          decision_source = CASE WHEN ledger_csrs.decision_source = 'AuditTrail' OR excluded.decision_source IS NULL THEN ledger_csrs.decision_source
                                 WHEN excluded.decision_source = 'AuditTrail' OR ledger_csrs.decision_source IS NULL OR ledger_csrs.decision_source = 'Unknown' THEN excluded.decision_source
                                 ELSE ledger_csrs.decision_source END,
          decided_at = COALESCE(ledger_csrs.decided_at, excluded.decided_at),
          failure_message = COALESCE(ledger_csrs.failure_message, excluded.failure_message),
          issued_at = COALESCE(ledger_csrs.issued_at, excluded.issued_at),
          decode_error = COALESCE(ledger_csrs.decode_error, excluded.decode_error),
          first_seen = CASE WHEN excluded.first_seen < ledger_csrs.first_seen THEN excluded.first_seen ELSE ledger_csrs.first_seen END,
          last_seen = CASE WHEN excluded.last_seen > ledger_csrs.last_seen THEN excluded.last_seen ELSE ledger_csrs.last_seen END,
          deleted_at = COALESCE(ledger_csrs.deleted_at, excluded.deleted_at)
        """;

    private const string CertificateConflict = """
         ON CONFLICT (issuer, serial_number) DO UPDATE SET
          node_name = COALESCE(ledger_certificates.node_name, excluded.node_name),
          chains_to_cluster_ca = COALESCE(ledger_certificates.chains_to_cluster_ca, excluded.chains_to_cluster_ca),
          csr_uid = COALESCE(ledger_certificates.csr_uid, excluded.csr_uid),
          csr_name = COALESCE(ledger_certificates.csr_name, excluded.csr_name),
          first_seen = CASE WHEN excluded.first_seen < ledger_certificates.first_seen THEN excluded.first_seen ELSE ledger_certificates.first_seen END,
          last_seen = CASE WHEN excluded.last_seen > ledger_certificates.last_seen THEN excluded.last_seen ELSE ledger_certificates.last_seen END
        """;

    /// <summary>
    /// Upserts <paramref name="entries"/> (several versions of one CSR are merged first) in one transaction. Decisions the
    /// portal made are attributed from the audit trail where it has a matching record.
    /// </summary>
    public async Task WriteAsync(IReadOnlyCollection<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        // Sorted keys: two replicas writing overlapping batches lock rows in the same order (no deadlock).
        var csrs = entries.Where(e => !string.IsNullOrEmpty(e.Csr.CsrUid))
            .GroupBy(e => e.Csr.CsrUid, StringComparer.Ordinal)
            .Select(g => Merge(g.Select(e => e.Csr)))
            .OrderBy(r => r.CsrUid, StringComparer.Ordinal)
            .ToList();
        var certificates = entries.Select(e => e.Certificate).OfType<CertificateRecord>()
            .GroupBy(c => (c.Issuer, c.SerialNumber))
            .Select(g => g.First())
            .OrderBy(c => c.Issuer, StringComparer.Ordinal).ThenBy(c => c.SerialNumber, StringComparer.Ordinal)
            .ToList();
        if (csrs.Count == 0 && certificates.Count == 0)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await AttributeFromAuditAsync(db, csrs, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        foreach (var chunk in csrs.Chunk(RowsPerStatement))
        {
            await UpsertAsync(connection, transaction, "ledger_csrs", CsrColumns, chunk.Select(CsrValues), CsrConflict, cancellationToken);
        }

        foreach (var chunk in certificates.Chunk(RowsPerStatement))
        {
            await UpsertAsync(connection, transaction, "ledger_certificates", CertificateColumns, chunk.Select(CertificateValues), CertificateConflict, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Records that these CSRs (and their certificates) are still in the cluster at <paramref name="seenAt"/>.</summary>
    public async Task TouchAsync(IReadOnlyCollection<string> csrUids, DateTime seenAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(csrUids);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        foreach (var chunk in csrUids.Order(StringComparer.Ordinal).Chunk(KeysPerStatement))
        {
            await db.CsrRecords.Where(r => chunk.Contains(r.CsrUid) && r.LastSeen < seenAt)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.LastSeen, seenAt), cancellationToken);
            await db.CertificateRecords.Where(r => r.CsrUid != null && chunk.Contains(r.CsrUid) && r.LastSeen < seenAt)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.LastSeen, seenAt), cancellationToken);
        }
    }

    /// <summary>
    /// After a full list: every CSR the ledger holds as present but that is not in <paramref name="presentUids"/> was deleted
    /// while nobody watched; it is marked deleted at <paramref name="seenAt"/>. Returns how many were marked.
    /// </summary>
    public async Task<int> MarkMissingAsDeletedAsync(IReadOnlySet<string> presentUids, DateTime seenAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(presentUids);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var open = await db.CsrRecords.Where(r => r.DeletedAt == null).Select(r => r.CsrUid).ToListAsync(cancellationToken);
        var gone = open.Where(uid => !presentUids.Contains(uid)).Order(StringComparer.Ordinal).ToArray();
        foreach (var chunk in gone.Chunk(KeysPerStatement))
        {
            await db.CsrRecords.Where(r => chunk.Contains(r.CsrUid) && r.DeletedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.DeletedAt, seenAt), cancellationToken);
        }

        return gone.Length;
    }

    /// <summary>
    /// Portal decisions first recorded from their condition message are confirmed from the audit trail once its record exists
    /// (the watch can deliver the decision before the audit trail has written it).
    /// </summary>
    public async Task<int> ConfirmDecisionsAsync(DateTime decidedSince, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var unconfirmed = await db.CsrRecords
            .Where(r => r.DecisionSource == DecisionSource.ConditionMessage && r.DecidedAt >= decidedSince)
            .OrderBy(r => r.Id).Take(KeysPerStatement).ToListAsync(cancellationToken);
        if (unconfirmed.Count == 0)
        {
            return 0;
        }

        var before = unconfirmed.Select(r => (r.DecidedBy, r.DecisionSource)).ToArray();
        await AttributeFromAuditAsync(db, unconfirmed, cancellationToken);
        var confirmed = 0;
        for (var i = 0; i < unconfirmed.Count; i++)
        {
            if (unconfirmed[i].DecisionSource != before[i].DecisionSource)
            {
                confirmed++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return confirmed;
    }

    /// <summary>Deletes CSR records gone from the cluster and certificates expired before <paramref name="cutoff"/>.</summary>
    public async Task<(int Csrs, int Certificates)> PurgeAsync(DateTime cutoff, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var csrs = await db.CsrRecords.Where(r => r.DeletedAt != null && r.LastSeen < cutoff).ExecuteDeleteAsync(cancellationToken);
        var certificates = await db.CertificateRecords.Where(r => r.NotAfter < cutoff).ExecuteDeleteAsync(cancellationToken);
        return (csrs, certificates);
    }

    private static async Task AttributeFromAuditAsync(PortalDbContext db, IReadOnlyList<CsrRecord> csrs, CancellationToken cancellationToken)
    {
        var portalDecided = csrs.Where(r => r.DecisionSource == DecisionSource.ConditionMessage && r.DecidedAt is not null).ToList();
        if (portalDecided.Count == 0)
        {
            return;
        }

        var names = portalDecided.Select(r => r.CsrName).Distinct(StringComparer.Ordinal).ToArray();
        var earliest = portalDecided.Min(r => r.DecidedAt!.Value).AddMinutes(-10);
        var records = await db.AuditRecords.AsNoTracking()
            .Where(a => (a.Action == AuditAction.CsrApprove || a.Action == AuditAction.CsrDeny) && a.Outcome == AuditOutcome.Succeeded
                && names.Contains(a.TargetName) && a.Time >= earliest)
            .Select(a => new { a.TargetName, a.TargetUid, a.Action, a.Actor, a.Time })
            .ToListAsync(cancellationToken);
        foreach (var csr in portalDecided)
        {
            var action = csr.Decision == LedgerDecision.Approved ? AuditAction.CsrApprove : AuditAction.CsrDeny;
            var match = records
                .Where(a => a.TargetName == csr.CsrName && a.Action == action && (a.TargetUid is null || a.TargetUid == csr.CsrUid)
                    && (a.Time - csr.DecidedAt!.Value).Duration() <= TimeSpan.FromMinutes(10))
                .OrderBy(a => (a.Time - csr.DecidedAt!.Value).Duration())
                .FirstOrDefault();
            if (match is not null)
            {
                csr.DecidedBy = match.Actor;
                csr.DecisionSource = DecisionSource.AuditTrail;
            }
        }
    }

    private static CsrRecord Merge(IEnumerable<CsrRecord> versions)
    {
        CsrRecord? merged = null;
        foreach (var v in versions)
        {
            if (merged is null)
            {
                merged = v;
                continue;
            }

            merged.NodeName ??= v.NodeName;
            merged.Decision ??= v.Decision;
            merged.DecisionReason ??= v.DecisionReason;
            merged.DecisionMessage ??= v.DecisionMessage;
            if (merged.DecidedBy is null || merged.DecisionSource is DecisionSource.Unknown)
            {
                merged.DecidedBy ??= v.DecidedBy;
                merged.DecisionSource = v.DecisionSource ?? merged.DecisionSource;
            }

            merged.DecidedAt ??= v.DecidedAt;
            merged.FailureMessage ??= v.FailureMessage;
            merged.IssuedAt ??= v.IssuedAt;
            merged.DecodeError ??= v.DecodeError;
            merged.FirstSeen = v.FirstSeen < merged.FirstSeen ? v.FirstSeen : merged.FirstSeen;
            merged.LastSeen = v.LastSeen > merged.LastSeen ? v.LastSeen : merged.LastSeen;
            merged.DeletedAt ??= v.DeletedAt;
        }

        return merged!;
    }

    private static object?[] CsrValues(CsrRecord r) =>
    [
        r.CsrUid, r.CsrName, r.SignerName, r.Requestor, r.BootstrapTokenId, r.NodeName, r.Kind.ToString(), Utc(r.CreatedAt),
        r.Decision?.ToString(), r.DecisionReason, r.DecisionMessage, r.DecidedBy, r.DecisionSource?.ToString(), Utc(r.DecidedAt),
        r.FailureMessage, Utc(r.IssuedAt), r.DecodeError, Utc(r.FirstSeen), Utc(r.LastSeen), Utc(r.DeletedAt),
    ];

    private static object?[] CertificateValues(CertificateRecord c) =>
    [
        c.Issuer, c.SerialNumber, c.Sha256Fingerprint, c.Subject, c.NodeName, c.Kind.ToString(), Utc(c.NotBefore), Utc(c.NotAfter),
        c.ChainsToClusterCa, c.CsrUid, c.CsrName, Utc(c.FirstSeen), Utc(c.LastSeen),
    ];

    private static async Task UpsertAsync(DbConnection connection, IDbContextTransaction transaction, string table, string[] columns,
        IEnumerable<object?[]> rows, string conflict, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        var sql = new StringBuilder().Append("INSERT INTO ").Append(table).Append(" (").AppendJoin(", ", columns).Append(") VALUES ");
        var index = 0;
        var first = true;
        foreach (var row in rows)
        {
            sql.Append(first ? "(" : ", (");
            first = false;
            for (var i = 0; i < row.Length; i++)
            {
                var name = "@p" + index.ToString(CultureInfo.InvariantCulture);
                index++;
                sql.Append(i == 0 ? string.Empty : ", ").Append(name);
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = row[i] ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }

            sql.Append(')');
        }

        command.CommandText = sql.Append(conflict).ToString();
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DateTime? Utc(DateTime? value) => value is null ? null : Utc(value.Value);

    private static DateTime Utc(DateTime value) => value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
