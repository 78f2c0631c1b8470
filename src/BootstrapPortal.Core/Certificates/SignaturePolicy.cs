using System.Collections.Frozen;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;

namespace BootstrapPortal.Core.Certificates;

/// <summary>
/// Signature algorithms Go's crypto/x509 (and so kube-apiserver and the KCM signer) refuses to verify even when the
/// signature is mathematically correct. Checked before verification so results agree with Kubernetes, not OpenSSL.
/// </summary>
internal static class SignaturePolicy
{
    private const string RsaPssOid = "1.2.840.113549.1.1.10";
    private const string Mgf1Oid = "1.2.840.113549.1.1.8";
    private const string Md5WithRsaOid = "1.2.840.113549.1.1.4";

    private static readonly FrozenDictionary<string, int> PssHashSizes = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["2.16.840.1.101.3.4.2.1"] = 32,
        ["2.16.840.1.101.3.4.2.2"] = 48,
        ["2.16.840.1.101.3.4.2.3"] = 64,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenSet<string> Sha1Signatures =
        new[] { "1.2.840.113549.1.1.5", "1.2.840.10045.4.1", "1.2.840.10040.4.3" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The only curves Go's crypto/x509 parses.</summary>
    private static readonly FrozenSet<string> GoCurves =
        new[] { "P-224", "P-256", "P-384", "P-521" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Why Go would not accept this algorithm for the given use, or null when it would.</summary>
    public static string? Rejection(AlgorithmIdentifier algorithm, bool forCertificate)
    {
        var oid = algorithm.Algorithm.Id;
        if (oid == Md5WithRsaOid)
        {
            return "MD5 signatures are rejected by Go's crypto/x509 (kube-apiserver)";
        }

        if (forCertificate && Sha1Signatures.Contains(oid))
        {
            return "SHA-1 certificate signatures are rejected by Go's crypto/x509 (kube-apiserver, kubelet)";
        }

        return oid == RsaPssOid ? PssRejection(algorithm.Parameters) : null;
    }

    /// <summary>
    /// Why Go could not use this public key to verify a signature (it fails to parse the request or certificate),
    /// or null when it can.
    /// </summary>
    public static string? KeyRejection(PublicKeyDescription key) => key.Algorithm switch
    {
        "EC" when key.Curve is null || !GoCurves.Contains(key.Curve) =>
            $"the elliptic curve {key.Curve ?? "(none)"} is not supported by Go's crypto/x509 (only P-224, P-256, P-384, P-521)",
        "RSA" when key.SizeBits is null => "the RSA public key does not parse",
        "RSA" when key.SizeBits < 1024 =>
            $"{key.SizeBits}-bit RSA keys are rejected by Go's crypto/rsa (Go 1.24+ requires at least 1024 bits)",
        "RSA" or "EC" or "Ed25519" => null,
        _ => $"{key.Algorithm} keys are not supported by Go's crypto/x509 signature verification",
    };

    private static string? PssRejection(Asn1Encodable? parameters)
    {
        // Go only accepts RSASSA-PSS with SHA-256/384/512, MGF1 with the same hash, salt length = hash length,
        // and the default trailer field.
        var pss = RsassaPssParameters.GetInstance(parameters);
        var hash = pss.HashAlgorithm.Algorithm.Id;
        if (!PssHashSizes.TryGetValue(hash, out var hashSize))
        {
            return $"RSA-PSS with hash {hash} is not supported by Go's crypto/x509";
        }

        if (pss.MaskGenAlgorithm.Algorithm.Id != Mgf1Oid ||
            AlgorithmIdentifier.GetInstance(pss.MaskGenAlgorithm.Parameters).Algorithm.Id != hash)
        {
            return "RSA-PSS with an MGF1 hash different from the message hash is not supported by Go's crypto/x509";
        }

        if (pss.SaltLength.Value.IntValue != hashSize)
        {
            return $"RSA-PSS salt length {pss.SaltLength.Value} differs from the hash length {hashSize}; Go's crypto/x509 rejects it";
        }

        return pss.TrailerField.Value.IntValue != 1 ? "RSA-PSS with a non-default trailer field is not supported by Go" : null;
    }
}
