using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;

namespace BootstrapPortal.Core.Certificates;

/// <summary>
/// Verifies the common signature algorithms (ECDSA and RSA PKCS#1 v1.5 / PSS with SHA-1/256/384/512) with the platform's
/// OpenSSL-backed <see cref="ECDsa"/> and <see cref="RSA"/>, several times faster than a managed implementation; P-256
/// keys go straight to OpenSSL's EC_KEY interface where it is there (<see cref="OpenSslP256Verifier"/>). Parsing
/// stays with BouncyCastle; an algorithm or key the platform cannot take returns null and the caller verifies it the
/// managed way. Both are strict in the same places Go is: an ECDSA signature must be one minimal DER SEQUENCE of two
/// INTEGERs with nothing after it (Go's <c>crypto/ecdsa.VerifyASN1</c>), RSA padding is checked exactly.
/// </summary>
internal static class PlatformSignatureVerifier
{
    private const string RsaPssOid = "1.2.840.113549.1.1.10";

    /// <summary>True or false when the platform verified the signature; null when it does not handle this algorithm or key.</summary>
    public static bool? TryVerify(AlgorithmIdentifier algorithm, SubjectPublicKeyInfo key, ReadOnlySpan<byte> signed, byte[] signature)
    {
        var oid = algorithm.Algorithm.Id;
        try
        {
            if (EcdsaHash(oid) is { } ecdsaHash)
            {
                if (OpenSslP256Verifier.TryVerify(ecdsaHash, key, signed, signature) is { } verified)
                {
                    return verified;
                }

                using var ecdsa = ECDsa.Create();
                ecdsa.ImportSubjectPublicKeyInfo(key.GetDerEncoded(), out _);
                return ecdsa.VerifyData(signed, signature, ecdsaHash, DSASignatureFormat.Rfc3279DerSequence);
            }

            var (rsaHash, padding) = RsaScheme(oid, algorithm);
            if (rsaHash is { } hash && padding is not null)
            {
                using var rsa = RSA.Create();
                rsa.ImportSubjectPublicKeyInfo(key.GetDerEncoded(), out _);
                return rsa.VerifyData(signed, signature, hash, padding);
            }
        }
        catch (CryptographicException)
        {
            // A key or curve the platform does not import: the managed verifier decides.
            return null;
        }

        return null;
    }

    private static HashAlgorithmName? EcdsaHash(string oid) => oid switch
    {
        "1.2.840.10045.4.1" => HashAlgorithmName.SHA1,
        "1.2.840.10045.4.3.2" => HashAlgorithmName.SHA256,
        "1.2.840.10045.4.3.3" => HashAlgorithmName.SHA384,
        "1.2.840.10045.4.3.4" => HashAlgorithmName.SHA512,
        _ => null,
    };

    private static (HashAlgorithmName? Hash, RSASignaturePadding? Padding) RsaScheme(string oid, AlgorithmIdentifier algorithm) => oid switch
    {
        "1.2.840.113549.1.1.5" => (HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1),
        "1.2.840.113549.1.1.11" => (HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        "1.2.840.113549.1.1.12" => (HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1),
        "1.2.840.113549.1.1.13" => (HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1),
        // The salt length and MGF1 hash were already checked to be what Go accepts (salt = hash length, MGF1 with the
        // message hash), which is exactly what RSASignaturePadding.Pss verifies.
        RsaPssOid => (PssHash(algorithm), RSASignaturePadding.Pss),
        _ => (null, null),
    };

    private static HashAlgorithmName? PssHash(AlgorithmIdentifier algorithm) =>
        RsassaPssParameters.GetInstance(algorithm.Parameters).HashAlgorithm.Algorithm.Id switch
        {
            "2.16.840.1.101.3.4.2.1" => HashAlgorithmName.SHA256,
            "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
            "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
            _ => null,
        };
}
