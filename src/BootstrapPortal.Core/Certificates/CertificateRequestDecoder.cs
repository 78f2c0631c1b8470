using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;

namespace BootstrapPortal.Core.Certificates;

/// <summary>
/// Decodes a CSR object's <c>spec.request</c> (the PEM text of a PKCS#10 request; the C# client hands it over as the
/// already base64-decoded bytes). Pure and thread-safe; never throws for any input.
/// </summary>
public static class CertificateRequestDecoder
{
    private const string ExtensionRequestOid = "1.2.840.113549.1.9.14";

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

            return DecodeRequest(sequence, block.Bytes, warnings);
        }
#pragma warning disable CA1031 // Decoder contract: hostile input must become an error result, whatever the parser throws.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return DecodeResults.Failure<DecodedCertificateRequest>($"the certificate request cannot be parsed: {ex.Message}");
        }
    }

    /// <summary>
    /// CertificationRequest ::= SEQUENCE { certificationRequestInfo, signatureAlgorithm, signature BIT STRING };
    /// CertificationRequestInfo ::= SEQUENCE { version, subject Name, subjectPKInfo, [0] attributes }.
    /// Read by hand (not through BouncyCastle's Pkcs10CertificationRequest, which rejects attributes Go ignores).
    /// </summary>
    private static DecodeResult<DecodedCertificateRequest> DecodeRequest(Asn1Sequence sequence, byte[] der, List<string> warnings)
    {
        if (sequence.Count != 3 || sequence[0] is not Asn1Sequence info || info.Count is < 3 or > 4)
        {
            return DecodeResults.Failure<DecodedCertificateRequest>(
                "not a PKCS#10 request: expected SEQUENCE { SEQUENCE { version, subject, key, [0] attributes }, algorithm, signature }");
        }

        var version = DerInteger.GetInstance(info[0]).Value;
        var subject = X509Parts.ReadName(info[1]);
        var spki = SubjectPublicKeyInfo.GetInstance(info[2]);
        var publicKey = X509Parts.ReadPublicKey(spki);
        var algorithm = AlgorithmIdentifier.GetInstance(sequence[1]);
        var signature = DerBitString.GetInstance(sequence[2]);
        Asn1Set? attributes = null;
        if (info.Count == 4)
        {
            if (info[3] is not Asn1TaggedObject { TagClass: Asn1Tags.ContextSpecific, TagNo: 0 } tagged)
            {
                return DecodeResults.Failure<DecodedCertificateRequest>("the request attributes are not tagged [0]");
            }

            attributes = Asn1Set.GetInstance(tagged, false);
        }

        var (extensions, otherAttributes, attributeError) = ReadAttributes(attributes);
        if (attributeError is not null)
        {
            return DecodeResults.Failure<DecodedCertificateRequest>(attributeError);
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

        var outer = DerGuard.Children(der);
        var infoBytes = der.AsSpan(outer[0]);
        var infoParts = DerGuard.Children(infoBytes);
        var (signatureValid, signatureError) =
            SignatureVerifier.Verify(algorithm, spki, publicKey, infoBytes, signature, forCertificate: false);
        var decoded = new DecodedCertificateRequest(
            version.BitLength < 31 ? version.IntValue : -1,
            subject,
            extensionSet.SubjectAlternativeNames,
            publicKey,
            X509Parts.SignatureAlgorithmName(algorithm),
            algorithm.Algorithm.Id,
            signatureValid,
            signatureError,
            extensionSet.Descriptions,
            [.. otherAttributes],
            [.. infoBytes[infoParts[1]]],
            [.. infoBytes[infoParts[2]]]);
        return DecodeResults.Success(decoded, [.. warnings]);
    }

    /// <summary>
    /// Reads the PKCS#10 attributes as Go's <c>parseCSRExtensions</c> does: attributes that do not parse are ignored,
    /// only the first value of an extensionRequest counts, and a repeated extension OID fails the request.
    /// </summary>
    private static (List<(string Oid, bool Critical, byte[] Value)> Extensions, List<string> Other, string? Error) ReadAttributes(
        Asn1Set? attributes)
    {
        var extensions = new List<(string Oid, bool Critical, byte[] Value)>();
        var other = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in attributes ?? new DerSet())
        {
            AttributePkcs attribute;
            try
            {
                attribute = AttributePkcs.GetInstance(element);
                if (attribute.AttrValues.Count == 0)
                {
                    continue;
                }
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidCastException or FormatException)
            {
                continue;
            }

            var oid = attribute.AttrType.Id;
            if (oid != ExtensionRequestOid)
            {
                other.Add(oid);
                continue;
            }

            try
            {
                foreach (var extension in Asn1Sequence.GetInstance(attribute.AttrValues[0]))
                {
                    var read = ReadExtension(Asn1Sequence.GetInstance(extension));
                    if (!seen.Add(read.Oid))
                    {
                        return ([], [], $"the request contains duplicate requested extensions ({read.Oid})");
                    }

                    extensions.Add(read);
                }
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException)
            {
                return ([], [], $"the requested extensions cannot be parsed: {ex.Message}");
            }
        }

        return (extensions, other, null);
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
}
