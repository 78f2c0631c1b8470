using BootstrapPortal.Core.Paging;

namespace BootstrapPortal.Core.Ledger;

/// <summary>One page of the ledger's certificates, how many match in all, and the next page's cursor (null on the last).</summary>
public sealed record CertificatePage(IReadOnlyList<LedgerCertificate> Items, int Total, ListCursor? Next);
