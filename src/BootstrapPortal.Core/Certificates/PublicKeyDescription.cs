namespace BootstrapPortal.Core.Certificates;

/// <summary>
/// The subject public key. <see cref="Algorithm"/> is <c>RSA</c>, <c>RSA-PSS</c>, <c>EC</c>, <c>Ed25519</c>,
/// <c>Ed448</c>, <c>DSA</c>, <c>ML-DSA-44/65/87</c> or the OID. <see cref="SizeBits"/> is the RSA/DSA modulus size or
/// the curve size; <see cref="Curve"/> is <c>P-256</c>, <c>P-384</c>, … for EC keys.
/// <see cref="SpkiSha256"/> is the lowercase hex SHA-256 of the SubjectPublicKeyInfo DER (kubeadm's CA pin format
/// without the <c>sha256:</c> prefix), handy to match a request with its certificate.
/// </summary>
public sealed record PublicKeyDescription(
    string Algorithm,
    string AlgorithmOid,
    int? SizeBits,
    string? Curve,
    string SpkiSha256)
{
    /// <summary>Short text such as <c>RSA 2048 bit</c>, <c>EC P-256</c>, <c>Ed25519</c>.</summary>
    public string Description => Algorithm switch
    {
        "EC" => $"EC {Curve ?? "unknown curve"}",
        "RSA" or "RSA-PSS" or "DSA" when SizeBits is not null => $"{Algorithm} {SizeBits} bit",
        _ => Algorithm,
    };
}
