namespace BootstrapPortal.Core.Ledger;

/// <summary>A certificate from the ledger with the decision of the CSR that issued it (null when that CSR was not recorded).</summary>
public sealed record LedgerCertificate(
    string SerialNumber,
    string Issuer,
    string Subject,
    string? Node,
    CertificateKind Kind,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string Sha256Fingerprint,
    bool? ChainsToClusterCa,
    string? CsrName,
    string? CsrUid,
    DecisionInfo? Decision,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen)
{
    public TimeSpan Lifetime => NotAfter - NotBefore;

    public TimeSpan TimeLeft(DateTimeOffset now) => NotAfter - now;

    /// <summary>How much of its lifetime has passed at <paramref name="now"/> (0 at notBefore, 1 at notAfter).</summary>
    public double LifetimeUsed(DateTimeOffset now) =>
        Lifetime <= TimeSpan.Zero ? 1 : Math.Clamp((now - NotBefore) / Lifetime, 0, double.MaxValue);

    internal static LedgerCertificate From(CertificateRecord c, CsrRecord? csr) => new(
        c.SerialNumber, c.Issuer, c.Subject, c.NodeName, c.Kind, DecisionInfo.Instant(c.NotBefore)!.Value, DecisionInfo.Instant(c.NotAfter)!.Value,
        c.Sha256Fingerprint, c.ChainsToClusterCa, c.CsrName, c.CsrUid, DecisionInfo.From(csr),
        DecisionInfo.Instant(c.FirstSeen)!.Value, DecisionInfo.Instant(c.LastSeen)!.Value);
}
