namespace BootstrapPortal.Core.Ledger;

/// <summary>Filters of the certificate list; <paramref name="ExpiringWithin"/> keeps certificates whose notAfter is before now + it (expired ones included).</summary>
public sealed record CertificateQuery(string? Node = null, CertificateKind? Kind = null, TimeSpan? ExpiringWithin = null, int Take = CertificateQuery.MaxTake)
{
    public const int MaxTake = 10_000;
}
