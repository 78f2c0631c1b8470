using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Audit;
using BootstrapPortal.Core.Ledger;
using BootstrapPortal.Core.Tests.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BootstrapPortal.Core.Tests.Ledger;

public sealed class SqliteLedgerWriterTests(SqliteDatabaseFixture database) : LedgerWriterTests(database), IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgresLedgerWriterTests(PostgresDatabaseFixture database) : LedgerWriterTests(database), IClassFixture<PostgresDatabaseFixture>;

/// <summary>The ledger's upserts on each provider: idempotent, order-independent, safe from two writers at once.</summary>
public abstract class LedgerWriterTests(PortalDatabaseFixture database)
{
    private static readonly DateTime T0 = new(2026, 5, 1, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Writing_the_same_entries_again_adds_no_rows()
    {
        var writer = new LedgerWriter(database.Contexts);
        var entries = Enumerable.Range(0, 30).Select(i => Issued(Unique(), T0.AddMinutes(i))).ToArray();

        await writer.WriteAsync(entries, CancellationToken.None);
        await writer.WriteAsync(entries, CancellationToken.None);
        await writer.WriteAsync(entries.Select(e => e with { Csr = Copy(e.Csr, seen: T0.AddDays(1)) }).ToArray(), CancellationToken.None);

        var uids = entries.Select(e => e.Csr.CsrUid).ToArray();
        await using var db = await database.Contexts.CreateDbContextAsync();
        Assert.Equal(30, await db.CsrRecords.CountAsync(r => uids.Contains(r.CsrUid)));
        Assert.Equal(30, await db.CertificateRecords.CountAsync(c => uids.Contains(c.CsrUid!)));
        var first = await db.CsrRecords.SingleAsync(r => r.CsrUid == uids[0]);
        Assert.Equal(T0, first.FirstSeen);
        Assert.Equal(T0.AddDays(1), first.LastSeen);
    }

    [Fact]
    public async Task An_older_version_written_later_never_erases_what_a_newer_one_recorded()
    {
        var writer = new LedgerWriter(database.Contexts);
        var uid = Unique();
        var issued = Issued(uid, T0.AddMinutes(2));
        var pending = new LedgerEntry(Copy(issued.Csr, seen: T0, decided: false), null);

        await writer.WriteAsync([issued], CancellationToken.None);
        await writer.WriteAsync([pending], CancellationToken.None);

        await using var db = await database.Contexts.CreateDbContextAsync();
        var row = await db.CsrRecords.SingleAsync(r => r.CsrUid == uid);
        Assert.Equal(LedgerDecision.Approved, row.Decision);
        Assert.Equal(LedgerEntries.ControllerApprover, row.DecidedBy);
        Assert.NotNull(row.IssuedAt);
        Assert.Equal(T0, row.FirstSeen);
        Assert.Equal(T0.AddMinutes(2), row.LastSeen);
        Assert.Equal(1, await db.CertificateRecords.CountAsync(c => c.CsrUid == uid));
    }

    [Fact]
    public async Task Two_writers_on_the_same_database_at_once_keep_one_row_per_csr_and_certificate()
    {
        var one = new LedgerWriter(database.CreateFactory());
        var two = new LedgerWriter(database.CreateFactory());
        var entries = Enumerable.Range(0, 120).Select(i => Issued(Unique(), T0.AddSeconds(i))).ToArray();
        var reversed = entries.Reverse().ToArray();

        await Task.WhenAll(
            Task.Run(() => WriteInBatchesAsync(one, entries)),
            Task.Run(() => WriteInBatchesAsync(two, reversed)),
            Task.Run(() => WriteInBatchesAsync(one, reversed)));

        var uids = entries.Select(e => e.Csr.CsrUid).ToArray();
        await using var db = await database.Contexts.CreateDbContextAsync();
        Assert.Equal(120, await db.CsrRecords.CountAsync(r => uids.Contains(r.CsrUid)));
        Assert.Equal(120, await db.CertificateRecords.CountAsync(c => uids.Contains(c.CsrUid!)));
    }

    [Fact]
    public async Task Csrs_missing_from_a_full_list_are_marked_deleted_and_kept()
    {
        var writer = new LedgerWriter(database.Contexts);
        var kept = Issued(Unique(), T0);
        var gone = Issued(Unique(), T0);
        await writer.WriteAsync([kept, gone], CancellationToken.None);

        await using (var db = await database.Contexts.CreateDbContextAsync())
        {
            var open = await db.CsrRecords.Where(r => r.DeletedAt == null).Select(r => r.CsrUid).ToListAsync();
            open.Remove(gone.Csr.CsrUid);
            await writer.MarkMissingAsDeletedAsync(open.ToHashSet(), T0.AddHours(1), CancellationToken.None);
        }

        await using var check = await database.Contexts.CreateDbContextAsync();
        Assert.Null((await check.CsrRecords.SingleAsync(r => r.CsrUid == kept.Csr.CsrUid)).DeletedAt);
        Assert.Equal(T0.AddHours(1), (await check.CsrRecords.SingleAsync(r => r.CsrUid == gone.Csr.CsrUid)).DeletedAt);
        Assert.Equal(1, await check.CertificateRecords.CountAsync(c => c.CsrUid == gone.Csr.CsrUid));
    }

    [Fact]
    public async Task Portal_decisions_are_attributed_from_the_audit_trail_even_when_it_is_written_later()
    {
        var writer = new LedgerWriter(database.Contexts);
        var uid = Unique();
        var name = "csr-" + uid[..8];
        var decidedAt = DateTime.UtcNow;
        var entry = Issued(uid, decidedAt, name);
        entry.Csr.DecisionReason = "ApprovedByBootstrapPortal";
        entry.Csr.DecisionMessage = "looks right (by mallory via BootstrapPortal)";
        entry.Csr.DecidedBy = "mallory";
        entry.Csr.DecisionSource = DecisionSource.ConditionMessage;
        entry.Csr.DecidedAt = decidedAt;
        await writer.WriteAsync([entry], CancellationToken.None);

        await new AuditStore(database.Contexts).AppendAsync(new AuditEvent(new DateTimeOffset(decidedAt.AddSeconds(1)),
            new PortalActor("alice@example.com", PortalActorKind.Person, [], [PortalRole.Approver]), AuditAction.CsrApprove,
            "CertificateSigningRequest", null, name, AuditOutcome.Succeeded, "looks right"), CancellationToken.None);
        Assert.True(await writer.ConfirmDecisionsAsync(decidedAt.AddHours(-1), CancellationToken.None) >= 1);

        await using var db = await database.Contexts.CreateDbContextAsync();
        var row = await db.CsrRecords.SingleAsync(r => r.CsrUid == uid);
        Assert.Equal("alice@example.com", row.DecidedBy);
        Assert.Equal(DecisionSource.AuditTrail, row.DecisionSource);

        // A later write of the same CSR (re-list) keeps the confirmed attribution.
        await writer.WriteAsync([entry], CancellationToken.None);
        await using var again = await database.Contexts.CreateDbContextAsync();
        Assert.Equal("alice@example.com", (await again.CsrRecords.SingleAsync(r => r.CsrUid == uid)).DecidedBy);
    }

    [Fact]
    public async Task Retention_removes_old_deleted_csrs_and_long_expired_certificates_only()
    {
        var writer = new LedgerWriter(database.Contexts);
        var old = Issued(Unique(), T0.AddYears(-5), notAfter: T0.AddYears(-4));
        old.Csr.DeletedAt = T0.AddYears(-5);
        var current = Issued(Unique(), T0.AddYears(-5), notAfter: T0.AddYears(1));
        await writer.WriteAsync([old, current], CancellationToken.None);

        await writer.PurgeAsync(T0.AddYears(-2), CancellationToken.None);

        await using var db = await database.Contexts.CreateDbContextAsync();
        Assert.False(await db.CsrRecords.AnyAsync(r => r.CsrUid == old.Csr.CsrUid));
        Assert.False(await db.CertificateRecords.AnyAsync(c => c.CsrUid == old.Csr.CsrUid));
        Assert.True(await db.CsrRecords.AnyAsync(r => r.CsrUid == current.Csr.CsrUid));
        Assert.True(await db.CertificateRecords.AnyAsync(c => c.CsrUid == current.Csr.CsrUid));
    }

    private static async Task WriteInBatchesAsync(LedgerWriter writer, IReadOnlyList<LedgerEntry> entries)
    {
        foreach (var chunk in entries.Chunk(25))
        {
            await writer.WriteAsync(chunk, CancellationToken.None);
        }
    }

    private static string Unique() => Guid.NewGuid().ToString();

    private static LedgerEntry Issued(string uid, DateTime seen, string? name = null, DateTime? notAfter = null)
    {
        var csr = new CsrRecord
        {
            CsrUid = uid,
            CsrName = name ?? "csr-" + uid[..8],
            SignerName = "kubernetes.io/kube-apiserver-client-kubelet",
            Requestor = "system:node:node-a",
            NodeName = "node-a",
            Kind = CertificateKind.Client,
            CreatedAt = seen.AddSeconds(-5),
            Decision = LedgerDecision.Approved,
            DecisionReason = "AutoApproved",
            DecidedBy = LedgerEntries.ControllerApprover,
            DecisionSource = DecisionSource.Controller,
            DecidedAt = seen.AddSeconds(-4),
            IssuedAt = seen,
            FirstSeen = seen,
            LastSeen = seen,
        };
        var certificate = new CertificateRecord
        {
            Issuer = "CN = sandbox-ca",
            SerialNumber = uid.Replace("-", string.Empty, StringComparison.Ordinal).ToUpperInvariant(),
            Sha256Fingerprint = "AA:BB",
            Subject = "O = system:nodes, CN = system:node:node-a",
            NodeName = "node-a",
            Kind = CertificateKind.Client,
            NotBefore = seen.AddMinutes(-5),
            NotAfter = notAfter ?? seen.AddDays(365),
            ChainsToClusterCa = true,
            CsrUid = uid,
            CsrName = csr.CsrName,
            FirstSeen = seen,
            LastSeen = seen,
        };
        return new LedgerEntry(csr, certificate);
    }

    private static CsrRecord Copy(CsrRecord r, DateTime seen, bool decided = true) => new()
    {
        CsrUid = r.CsrUid,
        CsrName = r.CsrName,
        SignerName = r.SignerName,
        Requestor = r.Requestor,
        NodeName = r.NodeName,
        Kind = r.Kind,
        CreatedAt = r.CreatedAt,
        Decision = decided ? r.Decision : null,
        DecisionReason = decided ? r.DecisionReason : null,
        DecidedBy = decided ? r.DecidedBy : null,
        DecisionSource = decided ? r.DecisionSource : null,
        DecidedAt = decided ? r.DecidedAt : null,
        IssuedAt = decided ? r.IssuedAt : null,
        FirstSeen = seen,
        LastSeen = seen,
    };
}
