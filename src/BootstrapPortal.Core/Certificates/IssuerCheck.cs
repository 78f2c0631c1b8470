namespace BootstrapPortal.Core.Certificates;

/// <summary>
/// How a certificate relates to a candidate CA certificate. Each aspect is reported separately;
/// <see cref="ChainsTo"/> combines the two that decide issuance (signature and name).
/// </summary>
/// <param name="SignatureValid">The certificate's signature verifies with the CA's public key.</param>
/// <param name="SignatureError">Why the signature did not verify; null when it did.</param>
/// <param name="IssuerMatchesSubject">The certificate's issuer name is byte-for-byte the CA's subject name (Go's chain-building rule).</param>
/// <param name="AuthorityKeyIdMatches">The certificate's authority key id equals the CA's subject key id; null if either is absent.</param>
/// <param name="CaIsCertificateAuthority">The CA certificate has basicConstraints CA:TRUE.</param>
/// <param name="ValidityWithinCa">The certificate's validity window lies inside the CA's (Kubernetes caps NotAfter at the CA's NotAfter).</param>
public sealed record IssuerCheck(
    DistinguishedName CaSubject,
    bool SignatureValid,
    string? SignatureError,
    bool IssuerMatchesSubject,
    bool? AuthorityKeyIdMatches,
    bool CaIsCertificateAuthority,
    bool ValidityWithinCa,
    DateTimeOffset CaNotBefore,
    DateTimeOffset CaNotAfter,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter)
{
    /// <summary>Signed by the CA and naming it as issuer.</summary>
    public bool ChainsTo => SignatureValid && IssuerMatchesSubject;

    /// <summary>Both the certificate and the CA are within their validity windows at <paramref name="instant"/>.</summary>
    public bool BothValidAt(DateTimeOffset instant) =>
        instant >= NotBefore && instant <= NotAfter && instant >= CaNotBefore && instant <= CaNotAfter;
}
