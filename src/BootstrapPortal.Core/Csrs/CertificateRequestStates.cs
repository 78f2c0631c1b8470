using k8s.Models;

namespace BootstrapPortal.Core.Csrs;

/// <summary>Derives a CSR's state from its conditions and certificate, the way <c>kubectl get csr</c> reads them.</summary>
public static class CertificateRequestStates
{
    public static CsrState StateOf(V1CertificateSigningRequest csr)
    {
        ArgumentNullException.ThrowIfNull(csr);
        var conditions = csr.Status?.Conditions ?? [];
        if (Has(conditions, "Denied"))
        {
            return CsrState.Denied;
        }

        if (Has(conditions, "Failed"))
        {
            return CsrState.Failed;
        }

        if (Has(conditions, "Approved"))
        {
            return csr.Status?.Certificate is { Length: > 0 } ? CsrState.Issued : CsrState.Approved;
        }

        return CsrState.Pending;
    }

    public static int CountPending(IEnumerable<V1CertificateSigningRequest> requests) =>
        requests?.Count(r => StateOf(r) == CsrState.Pending) ?? 0;

    // Approved/Denied/Failed conditions count when their status is True; an empty status predates 1.19 and meant True.
    private static bool Has(IList<V1CertificateSigningRequestCondition> conditions, string type) =>
        conditions.Any(c => string.Equals(c.Type, type, StringComparison.Ordinal)
            && (string.IsNullOrEmpty(c.Status) || string.Equals(c.Status, "True", StringComparison.Ordinal)));
}
