namespace BootstrapPortal.Core.Certificates;

/// <summary>Time-dependent views of a decoded certificate; the clock comes from a <see cref="TimeProvider"/>.</summary>
public static class CertificateLifetime
{
    /// <summary>Time until NotAfter (negative once expired).</summary>
    public static TimeSpan Remaining(DecodedCertificate certificate, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(clock);
        return certificate.NotAfter - clock.GetUtcNow();
    }

    /// <summary>Fraction of the validity window already elapsed, clamped to [0, 1] (kubelets rotate at 0.7–0.9).</summary>
    public static double ElapsedFraction(DecodedCertificate certificate, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(clock);
        var total = certificate.NotAfter - certificate.NotBefore;
        if (total <= TimeSpan.Zero)
        {
            return 1;
        }

        var elapsed = clock.GetUtcNow() - certificate.NotBefore;
        return Math.Clamp(elapsed / total, 0, 1);
    }

    /// <summary><c>NotYetValid</c>, <c>Valid</c> or <c>Expired</c> at the clock's current time.</summary>
    public static CertificateValidityState State(DecodedCertificate certificate, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetUtcNow();
        return now < certificate.NotBefore ? CertificateValidityState.NotYetValid
            : now > certificate.NotAfter ? CertificateValidityState.Expired
            : CertificateValidityState.Valid;
    }
}
