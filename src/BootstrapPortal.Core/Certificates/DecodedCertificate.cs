using System.Collections.Immutable;

namespace BootstrapPortal.Core.Certificates;

/// <summary>A decoded X.509 certificate.</summary>
/// <param name="SerialNumber">Uppercase hex, two digits per byte, as <c>openssl x509 -serial</c> prints it (a leading <c>-</c> for a negative serial).</param>
/// <param name="Sha256Fingerprint">SHA-256 of the DER, uppercase hex bytes joined by colons, as <c>openssl x509 -fingerprint -sha256</c> prints it.</param>
/// <param name="KeyUsages">RFC 5280 names of the key usage bits that are set (<c>digitalSignature</c>, <c>keyEncipherment</c>, …).</param>
/// <param name="ExtendedKeyUsages">Extended key usage names (<c>clientAuth</c>, <c>serverAuth</c>, …) or OIDs when unknown.</param>
/// <param name="KubernetesUsages">The same usages as Kubernetes <c>spec.usages</c> strings (<c>digital signature</c>, <c>client auth</c>, …), key usages first.</param>
/// <param name="IsCertificateAuthority">The basicConstraints CA flag; null when the extension is absent.</param>
/// <param name="PathLengthConstraint">The basicConstraints path length; null when absent.</param>
/// <param name="Der">The certificate's DER encoding.</param>
public sealed record DecodedCertificate(
    int Version,
    DistinguishedName Subject,
    DistinguishedName Issuer,
    string SerialNumber,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    IReadOnlyList<string> KeyUsages,
    IReadOnlyList<string> ExtendedKeyUsages,
    IReadOnlyList<string> KubernetesUsages,
    SubjectAlternativeNames SubjectAlternativeNames,
    string Sha256Fingerprint,
    PublicKeyDescription PublicKey,
    string SignatureAlgorithm,
    string SignatureAlgorithmOid,
    bool? IsCertificateAuthority,
    int? PathLengthConstraint,
    IReadOnlyList<ExtensionDescription> Extensions,
    ImmutableArray<byte> Der)
{
    /// <summary>The subject CN (last CN attribute).</summary>
    public string? CommonName => Subject.CommonName;

    /// <summary>The subject O values in order.</summary>
    public IReadOnlyList<string> Organizations => Subject.Organizations;

    /// <summary>Whether the certificate's own validity window contains <paramref name="instant"/>.</summary>
    public bool IsValidAt(DateTimeOffset instant) => instant >= NotBefore && instant <= NotAfter;

    /// <summary>Checks whether this certificate was issued by a CA certificate (see <see cref="CertificateDecoder.CheckIssuedBy"/>).</summary>
    public DecodeResult<IssuerCheck> ChainsTo(ReadOnlySpan<byte> caPem, PemParsing parsing = PemParsing.KubeApiServer) =>
        CertificateDecoder.CheckIssuedBy(this, caPem, parsing);
}
