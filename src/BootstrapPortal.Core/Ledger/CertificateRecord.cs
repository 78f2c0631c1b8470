namespace BootstrapPortal.Core.Ledger;

/// <summary>
/// One certificate issued through a CSR (<c>ledger_certificates</c>), keyed by issuer and serial number, kept after the CSR
/// is gone.
/// </summary>
public sealed class CertificateRecord
{
    public long Id { get; set; }

    /// <summary>The issuer's distinguished name as the portal prints it (<c>CN = kubernetes</c>).</summary>
    public string Issuer { get; set; } = string.Empty;

    /// <summary>Uppercase hex, as <c>openssl x509 -serial</c> prints it.</summary>
    public string SerialNumber { get; set; } = string.Empty;

    /// <summary>SHA-256 of the DER, uppercase hex bytes joined by colons.</summary>
    public string Sha256Fingerprint { get; set; } = string.Empty;

    public string Subject { get; set; } = string.Empty;

    public string? NodeName { get; set; }

    public CertificateKind Kind { get; set; }

    public DateTime NotBefore { get; set; }

    public DateTime NotAfter { get; set; }

    /// <summary>Whether it chains to the cluster CA as the portal knew it when it recorded the certificate; null when unknown.</summary>
    public bool? ChainsToClusterCa { get; set; }

    public string? CsrUid { get; set; }

    public string? CsrName { get; set; }

    public DateTime FirstSeen { get; set; }

    public DateTime LastSeen { get; set; }
}
