namespace BootstrapPortal.Core.Ledger;

/// <summary>What the ledger's certificate list can be ordered by (ties by the order the ledger recorded them).</summary>
public enum CertificateSortKey
{
    NotAfter,
    NotBefore,
}
