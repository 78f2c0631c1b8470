using System.Text;
using BootstrapPortal.Core.Audit;
using BootstrapPortal.Core.Ledger;
using Microsoft.EntityFrameworkCore;

namespace BootstrapPortal.Core.Persistence;

/// <summary>
/// The portal's database: the audit trail and the certificate ledger. The schema is defined once here; each provider has a
/// derived context (<see cref="SqlitePortalDbContext"/>, <see cref="PostgresPortalDbContext"/>) with its own migrations.
/// Tables and columns are snake_case so that operators can query them with plain SQL.
/// </summary>
public abstract class PortalDbContext : DbContext
{
    protected PortalDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<AuditRecord> AuditRecords => Set<AuditRecord>();

    public DbSet<CsrRecord> CsrRecords => Set<CsrRecord>();

    public DbSet<CertificateRecord> CertificateRecords => Set<CertificateRecord>();

    public abstract LedgerProvider Provider { get; }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<AuditRecord>(e =>
        {
            e.ToTable("audit_records");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).ValueGeneratedOnAdd();
            e.Property(r => r.Actor).HasMaxLength(AuditRecord.ActorMaxLength).IsRequired();
            e.Property(r => r.ActorKind).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.Action).HasMaxLength(AuditRecord.ActionMaxLength).IsRequired();
            e.Property(r => r.TargetKind).HasMaxLength(AuditRecord.TargetKindMaxLength).IsRequired();
            e.Property(r => r.TargetNamespace).HasMaxLength(AuditRecord.TargetNameMaxLength);
            e.Property(r => r.TargetName).HasMaxLength(AuditRecord.TargetNameMaxLength).IsRequired();
            e.Property(r => r.TargetUid).HasMaxLength(AuditRecord.TargetUidMaxLength);
            e.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.Reason).HasMaxLength(AuditRecord.ReasonMaxLength);
            e.Property(r => r.Detail).HasMaxLength(AuditRecord.DetailMaxLength);
            e.HasIndex(r => r.Time);
            e.HasIndex(r => r.Actor);
            e.HasIndex(r => r.Action);
        });

        modelBuilder.Entity<CsrRecord>(e =>
        {
            e.ToTable("ledger_csrs");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).ValueGeneratedOnAdd();
            e.Property(r => r.CsrUid).HasMaxLength(64).IsRequired();
            e.Property(r => r.CsrName).HasMaxLength(253).IsRequired();
            e.Property(r => r.SignerName).HasMaxLength(253).IsRequired();
            e.Property(r => r.Requestor).HasMaxLength(320).IsRequired();
            e.Property(r => r.BootstrapTokenId).HasMaxLength(16);
            e.Property(r => r.NodeName).HasMaxLength(253);
            e.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.Decision).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.DecisionReason).HasMaxLength(256);
            e.Property(r => r.DecisionMessage).HasMaxLength(1000);
            e.Property(r => r.DecidedBy).HasMaxLength(320);
            e.Property(r => r.DecisionSource).HasConversion<string>().HasMaxLength(32);
            e.Property(r => r.FailureMessage).HasMaxLength(1000);
            e.Property(r => r.DecodeError).HasMaxLength(1000);
            e.HasIndex(r => r.CsrUid).IsUnique();
            e.HasIndex(r => new { r.NodeName, r.Kind, r.CreatedAt });
            e.HasIndex(r => r.CsrName);
            e.HasIndex(r => r.LastSeen);
        });

        modelBuilder.Entity<CertificateRecord>(e =>
        {
            e.ToTable("ledger_certificates");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).ValueGeneratedOnAdd();
            e.Property(r => r.Issuer).HasMaxLength(1000).IsRequired();
            e.Property(r => r.SerialNumber).HasMaxLength(130).IsRequired();
            e.Property(r => r.Sha256Fingerprint).HasMaxLength(95).IsRequired();
            e.Property(r => r.Subject).HasMaxLength(1000).IsRequired();
            e.Property(r => r.NodeName).HasMaxLength(253);
            e.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.CsrUid).HasMaxLength(64);
            e.Property(r => r.CsrName).HasMaxLength(253);
            e.HasIndex(r => new { r.Issuer, r.SerialNumber }).IsUnique();
            e.HasIndex(r => new { r.NodeName, r.Kind, r.NotBefore });
            e.HasIndex(r => r.NotAfter);
            e.HasIndex(r => r.CsrUid);
        });

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }
    }

    /// <summary><c>CsrUid</c> → <c>csr_uid</c>, <c>Sha256Fingerprint</c> → <c>sha256_fingerprint</c>.</summary>
    internal static string SnakeCase(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && !char.IsUpper(name[i - 1]))
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
