using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Security;

namespace BootstrapPortal.Core.Certificates;

/// <summary>
/// Verifies a signature over the exact signed bytes as they appear in the input (Go verifies the raw
/// tbsCertificate / certificationRequestInfo; re-encoding could silently "repair" non-canonical input).
/// </summary>
internal static class SignatureVerifier
{
    /// <summary>Largest RSA modulus whose signature is checked (bounds the work hostile input can cause).</summary>
    private const int MaxVerifiedRsaBits = 16384;

    public static (bool Valid, string? Error) Verify(AlgorithmIdentifier algorithm, SubjectPublicKeyInfo key,
        PublicKeyDescription keyDescription, ReadOnlySpan<byte> signed, DerBitString signature, bool forCertificate)
    {
        if (keyDescription.SizeBits > MaxVerifiedRsaBits && keyDescription.Algorithm.StartsWith("RSA", StringComparison.Ordinal))
        {
            return (false, $"not verified: RSA keys above {MaxVerifiedRsaBits} bits are not checked");
        }

        var rejection = SignaturePolicy.KeyRejection(keyDescription) ?? SignaturePolicy.Rejection(algorithm, forCertificate);
        if (rejection is not null)
        {
            return (false, rejection);
        }

        try
        {
            if (signature.PadBits != 0)
            {
                return (false, "the signature BIT STRING has unused bits");
            }

            var platform = PlatformSignatureVerifier.TryVerify(algorithm, key, signed, signature.GetOctets());
            if (platform is not null)
            {
                return platform.Value ? (true, null) : (false, "the signature does not verify with the public key");
            }

            var calculator = new Asn1VerifierFactory(algorithm, PublicKeyFactory.CreateKey(key)).CreateCalculator();
            using (var stream = calculator.Stream)
            {
                stream.Write(signed);
            }

            return calculator.GetResult().IsVerified(signature.GetOctets())
                ? (true, null)
                : (false, "the signature does not verify with the public key");
        }
#pragma warning disable CA1031 // Any failure to verify (unsupported algorithm, malformed key or signature) means "not valid".
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return (false, $"the signature cannot be verified: {ex.Message}");
        }
    }
}
