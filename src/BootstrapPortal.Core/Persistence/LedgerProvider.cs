namespace BootstrapPortal.Core.Persistence;

/// <summary>The database behind the portal's ledger and audit trail (<c>Ledger:Provider</c>).</summary>
public enum LedgerProvider
{
    /// <summary>An embedded SQLite file in the portal's data folder: one portal instance.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, shared by several portal replicas.</summary>
    Postgres,
}
