namespace BootstrapPortal.Core.Persistence;

/// <summary>
/// Settings of the portal's database (configuration section <c>Ledger</c>; the connection string is
/// <c>ConnectionStrings:Ledger</c>) and of the certificate ledger that lives in it.
/// </summary>
public sealed class LedgerOptions
{
    public const string SectionName = "Ledger";

    /// <summary>The key of the connection string, under <c>ConnectionStrings</c>.</summary>
    public const string ConnectionStringName = "Ledger";

    public const string ConnectionStringKey = "ConnectionStrings:" + ConnectionStringName;

    public LedgerProvider Provider { get; set; } = LedgerProvider.Sqlite;

    /// <summary>
    /// From <c>ConnectionStrings:Ledger</c>. Empty with SQLite means <c>Data Source=.data/portal.db</c> under the content root;
    /// required with PostgreSQL.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations when the portal starts (otherwise run <c>migrate</c> before starting it).</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>
    /// How long history is kept: CSR records last seen, and certificates expired, longer ago than this are deleted.
    /// <c>00:00:00</c> keeps everything.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(730);

    /// <summary>Observed CSR changes waiting to be written; beyond it the writer re-reads the whole cache instead of queueing.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Most CSR records written in one transaction.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>A renewal CSR pending longer than this makes its node unhealthy (the kubelet waits 15 minutes per request).</summary>
    public TimeSpan PendingRenewalThreshold { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Past this fraction of its lifetime without a renewal, a certificate is a warning (kubelets renew at 70–90 %).</summary>
    public double RenewalWarningFraction { get; set; } = 0.8;

    /// <summary>Past this fraction without a renewal, the node is unhealthy (the kubelet's latest rotation deadline is 90 %).</summary>
    public double RenewalOverdueFraction { get; set; } = 0.9;

    /// <summary>Certificates expiring within this window are called out in banners.</summary>
    public TimeSpan ExpiringSoonWindow { get; set; } = TimeSpan.FromDays(7);
}
