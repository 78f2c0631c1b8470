namespace BootstrapPortal.Core.Ledger;

/// <summary>What the ledger writes for one observed CSR version: its record and, once issued, its certificate.</summary>
public sealed record LedgerEntry(CsrRecord Csr, CertificateRecord? Certificate);
