namespace BootstrapPortal.Core.Ledger;

/// <summary>Everything the ledger holds for one node: its certificates (newest first) and its CSRs (newest first).</summary>
public sealed record NodeHistory(string Node, IReadOnlyList<LedgerCertificate> Certificates, IReadOnlyList<LedgerRequest> Requests);
