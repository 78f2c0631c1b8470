using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Pkcs;

namespace BootstrapPortal.Core.Certificates;

/// <summary>
/// Decodes a CSR object's <c>spec.request</c> (the PEM text of a PKCS#10 request; the C# client hands it over as the
/// already base64-decoded bytes). Pure and thread-safe; never throws for any input.
/// </summary>
public static class CertificateRequestDecoder
{
    private const string ExtensionRequestOid = "1.2.840.113549.1.9.14";

    /// <summary>Largest RSA modulus whose signature is checked (bounds the work hostile input can cause).</summary>
    private const int MaxVerifiedRsaBits = 16384;

    public static DecodeResult<DecodedCertificateRequest> Decode(byte[]? request, PemParsing parsing = PemParsing.Strict) =>
        request is null
            ? DecodeResults.Failure<DecodedCertificateRequest>("the request is missing")
            : Decode(request.AsSpan(), parsing);

    public static DecodeResult<DecodedCertificateRequest> Decode(ReadOnlySpan<byte> request, PemParsing parsing = PemParsing.Strict)
    {
        var warnings = new List<string>();
        try
        {
            var block = PemInput.SelectRequestBlock(request, parsing, warnings, out var pemError);
            if (block is null)
            {
                return DecodeResults.Failure<DecodedCertificateRequest>(pemError ?? "no CERTIFICATE REQUEST block");
            }

            var asn1 = DerGuard.TryParse(block.Bytes, "the CERTIFICATE REQUEST block", out var derError);
            if (asn1 is not Asn1Sequence sequence)
            {
                return DecodeResults.Failure<DecodedCertificateRequest>(
                    derError ?? "the CERTIFICATE REQUEST block is not an ASN.1 SEQUENCE");
            }

            return DecodeRequest(sequence, warnings);
        }
#pragma warning disable CA1031 // Decoder contract: hostile input must become an error result, whatever the parser throws.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return DecodeResults.Failure<DecodedCertificateRequest>($"the certificate request cannot be parsed: {ex.Message}");
        }
    }

    private static DecodeResult<DecodedCertificateRequest> DecodeRequest(Asn1Sequence sequence, List<string> warnings)
    {
        if (sequence.Count != 3)
        {
            return DecodeResults.Failure<DecodedCertificateRequest>(
                $"a certificate request has 3 parts (info, algorithm, signature), found {sequence.Count}");
        }

        var csr = new Pkcs10CertificationRequest(sequence);
        var info = csr.GetCertificationRequestInfo();
        var subject = X509Parts.ReadName(info.Subject.ToAsn1Object());
        var publicKey = X509Parts.ReadPublicKey(info.SubjectPublicKeyInfo);

        var extensions = new List<(string Oid, bool Critical, byte[] Value)>();
        var otherAttributes = new List<string>();
        foreach (var element in info.Attributes ?? new DerSet())
        {
            var attribute = AttributePkcs.GetInstance(element);
            var oid = attribute.AttrType.Id;
            if (oid != ExtensionRequestOid)
            {
                otherAttributes.Add(oid);
                continue;
            }

            // Every extensionRequest attribute and value is read, in order.
            foreach (var value in attribute.AttrValues)
            {
                foreach (var extension in Asn1Sequence.GetInstance(value))
                {
                    extensions.Add(ReadExtension(Asn1Sequence.GetInstance(extension)));
                }
            }
        }

        ExtensionSet extensionSet;
        try
        {
            extensionSet = X509Parts.ReadExtensions(extensions, strict: false);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or IOException)
        {
            return DecodeResults.Failure<DecodedCertificateRequest>($"invalid subject alternative name extension: {ex.Message}");
        }

        var (signatureValid, signatureError) = VerifySignature(csr, info, publicKey);
        var algorithm = csr.SignatureAlgorithm;
        var decoded = new DecodedCertificateRequest(
            info.Version.Value.IntValue,
            subject,
            extensionSet.SubjectAlternativeNames,
            publicKey,
            X509Parts.SignatureAlgorithmName(algorithm),
            algorithm.Algorithm.Id,
            signatureValid,
            signatureError,
            extensionSet.Descriptions,
            [.. otherAttributes],
            [.. info.Subject.GetDerEncoded()],
            [.. info.SubjectPublicKeyInfo.GetDerEncoded()]);
        return DecodeResults.Success(decoded, [.. warnings]);
    }

    internal static (string Oid, bool Critical, byte[] Value) ReadExtension(Asn1Sequence extension)
    {
        if (extension.Count is < 2 or > 3)
        {
            throw new FormatException("an extension must be (id, [critical], value)");
        }

        var oid = DerObjectIdentifier.GetInstance(extension[0]).Id;
        var critical = extension.Count == 3 && DerBoolean.GetInstance(extension[1]).IsTrue;
        var value = Asn1OctetString.GetInstance(extension[extension.Count - 1]).GetOctets();
        return (oid, critical, value);
    }

    private static (bool Valid, string? Error) VerifySignature(Pkcs10CertificationRequest csr, CertificationRequestInfo info,
        PublicKeyDescription publicKey)
    {
        var bits = info.SubjectPublicKeyInfo.Algorithm.Algorithm.Id.StartsWith("1.2.840.113549.1.1.", StringComparison.Ordinal)
            ? X509Parts.RsaModulusBits(info.SubjectPublicKeyInfo)
            : null;
        if (bits > MaxVerifiedRsaBits)
        {
            return (false, $"not verified: RSA keys above {MaxVerifiedRsaBits} bits are not checked");
        }

        var rejection = SignaturePolicy.KeyRejection(publicKey)
                        ?? SignaturePolicy.Rejection(csr.SignatureAlgorithm, forCertificate: false);
        if (rejection is not null)
        {
            return (false, rejection);
        }

        try
        {
            return csr.Verify() ? (true, null) : (false, "the signature does not verify with the request's public key");
        }
#pragma warning disable CA1031 // Any failure to verify (unsupported algorithm, malformed key or signature) means "not valid".
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return (false, $"the signature cannot be verified: {ex.Message}");
        }
    }
}
