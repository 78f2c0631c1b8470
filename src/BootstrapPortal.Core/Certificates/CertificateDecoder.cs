using System.Collections.Immutable;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace BootstrapPortal.Core.Certificates;

/// <summary>
/// Decodes a CSR object's <c>status.certificate</c> (one or more PEM CERTIFICATE blocks: the issued certificate
/// first, then intermediates) and checks a certificate against a CA. Pure and thread-safe; never throws for any input.
/// </summary>
public static class CertificateDecoder
{
    public static DecodeResult<DecodedCertificateChain> Decode(byte[]? certificate, PemParsing parsing = PemParsing.Strict) =>
        certificate is null
            ? DecodeResults.Failure<DecodedCertificateChain>("the certificate data is missing")
            : Decode(certificate.AsSpan(), parsing);

    public static DecodeResult<DecodedCertificateChain> Decode(ReadOnlySpan<byte> certificate, PemParsing parsing = PemParsing.Strict)
    {
        var warnings = new List<string>();
        try
        {
            var blocks = PemInput.SelectCertificateBlocks(certificate, parsing, warnings, out var pemError);
            if (blocks is null)
            {
                return DecodeResults.Failure<DecodedCertificateChain>(pemError ?? "no CERTIFICATE block");
            }

            var decoded = new List<DecodedCertificate>();
            for (var index = 0; index < blocks.Count; index++)
            {
                // Like Go's x509.ParseCertificates, a block may hold several concatenated DER certificates.
                var (certificates, error) = DecodeBlock(blocks[index].Bytes, index);
                if (error is not null)
                {
                    return DecodeResults.Failure<DecodedCertificateChain>(error);
                }

                decoded.AddRange(certificates);
            }

            return DecodeResults.Success(new DecodedCertificateChain([.. decoded]), [.. warnings]);
        }
#pragma warning disable CA1031 // Decoder contract: hostile input must become an error result, whatever the parser throws.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return DecodeResults.Failure<DecodedCertificateChain>($"the certificate cannot be parsed: {ex.Message}");
        }
    }

    /// <summary>
    /// Checks whether <paramref name="certificate"/> was issued by a CA certificate from <paramref name="caPem"/>
    /// (one or more PEM CERTIFICATE blocks, e.g. a ca.crt bundle). With several CA certificates the first one that
    /// signed it is reported, else the first whose subject matches the issuer, else the first.
    /// </summary>
    public static DecodeResult<IssuerCheck> CheckIssuedBy(DecodedCertificate certificate, ReadOnlySpan<byte> caPem,
        PemParsing parsing = PemParsing.KubeApiServer)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var cas = Decode(caPem, parsing);
        if (!cas.IsSuccess)
        {
            return DecodeResults.Failure<IssuerCheck>("the CA certificate cannot be decoded: " + cas.Error);
        }

        try
        {
            var checks = cas.Value.Certificates.Select(ca => Check(certificate, ca)).ToList();
            var best = checks.FirstOrDefault(c => c.ChainsTo)
                       ?? checks.FirstOrDefault(c => c.IssuerMatchesSubject)
                       ?? checks[0];
            return DecodeResults.Success(best);
        }
#pragma warning disable CA1031 // Same contract as Decode: report, never throw.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return DecodeResults.Failure<IssuerCheck>($"the issuer check failed: {ex.Message}");
        }
    }

    private static IssuerCheck Check(DecodedCertificate certificate, DecodedCertificate ca)
    {
        var leaf = ParseStructure(certificate.Der);
        var issuer = ParseStructure(ca.Der);
        var leafIssuer = leaf.TbsCertificate.Issuer.GetDerEncoded();
        var caSubject = issuer.TbsCertificate.Subject.GetDerEncoded();

        var raw = certificate.Der.AsSpan();
        var tbs = raw[DerGuard.Children(raw)[0]];
        var (signatureValid, signatureError) = SignatureVerifier.Verify(leaf.SignatureAlgorithm,
            issuer.TbsCertificate.SubjectPublicKeyInfo, ca.PublicKey, tbs, leaf.Signature, forCertificate: true);

        var leafExtensions = ReadExtensionSet(leaf);
        var caExtensions = ReadExtensionSet(issuer);
        bool? keyIdMatches = leafExtensions.AuthorityKeyId is { } aki && caExtensions.SubjectKeyId is { } ski
            ? aki.AsSpan().SequenceEqual(ski)
            : null;

        return new IssuerCheck(
            ca.Subject,
            signatureValid,
            signatureError,
            leafIssuer.AsSpan().SequenceEqual(caSubject),
            keyIdMatches,
            ca.IsCertificateAuthority == true,
            certificate.NotBefore >= ca.NotBefore && certificate.NotAfter <= ca.NotAfter,
            ca.NotBefore,
            ca.NotAfter,
            certificate.NotBefore,
            certificate.NotAfter);
    }

    private static X509CertificateStructure ParseStructure(ImmutableArray<byte> der) =>
        X509CertificateStructure.GetInstance(Asn1Object.FromByteArray([.. der]));

    private static (IReadOnlyList<DecodedCertificate> Certificates, string? Error) DecodeBlock(byte[] bytes, int blockIndex)
    {
        var certificates = new List<DecodedCertificate>();
        var what = $"CERTIFICATE block {blockIndex + 1}";
        var position = 0;
        while (position < bytes.Length)
        {
            var length = ElementLength(bytes.AsSpan(position));
            if (length is null)
            {
                return ([], $"{what} is not valid DER: malformed or truncated ASN.1 element at byte {position}");
            }

            var der = bytes.AsSpan(position, length.Value);
            var asn1 = DerGuard.TryParse(der, what, out var error);
            if (asn1 is not Asn1Sequence sequence)
            {
                return ([], error ?? $"{what} is not an ASN.1 SEQUENCE");
            }

            var (certificate, certificateError) = DecodeCertificate(sequence, der.ToArray(), what);
            if (certificate is null)
            {
                return ([], certificateError);
            }

            certificates.Add(certificate);
            position += length.Value;
        }

        return certificates.Count == 0
            ? ([], $"found {what} containing 0 certificates")
            : (certificates, null);
    }

    /// <summary>Total length (header + content) of the DER element at the start of <paramref name="data"/>.</summary>
    private static int? ElementLength(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2 || (data[0] & 0x1F) == 0x1F)
        {
            return null;
        }

        int length = data[1];
        var header = 2;
        if (length > 0x80)
        {
            var lengthBytes = length & 0x7F;
            if (lengthBytes > 4 || data.Length < 2 + lengthBytes)
            {
                return null;
            }

            long value = 0;
            for (var i = 0; i < lengthBytes; i++)
            {
                value = (value << 8) | data[2 + i];
            }

            if (value > data.Length)
            {
                return null;
            }

            length = (int)value;
            header += lengthBytes;
        }
        else if (length == 0x80)
        {
            return null;
        }

        return header + length <= data.Length ? header + length : null;
    }

    private static (DecodedCertificate? Certificate, string? Error) DecodeCertificate(Asn1Sequence sequence, byte[] der, string what)
    {
        if (sequence.Count != 3)
        {
            return (null, $"{what}: a certificate has 3 parts (tbsCertificate, algorithm, signature), found {sequence.Count}");
        }

        var structure = X509CertificateStructure.GetInstance(sequence);
        var tbs = structure.TbsCertificate;
        if (!tbs.Signature.Equals(structure.SignatureAlgorithm))
        {
            return (null, $"{what}: the inner and outer signature algorithm identifiers differ");
        }

        ExtensionSet extensions;
        try
        {
            extensions = ReadExtensionSet(structure);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or IOException)
        {
            return (null, $"{what}: invalid extension: {ex.Message}");
        }

        var keyUsages = extensions.KeyUsageBits.Select(bit => OidNames.KeyUsageBits[bit]).ToList();
        var kubernetesUsages = extensions.KeyUsageBits.Select(bit => OidNames.KeyUsageBitsKubernetes[bit])
            .Concat(extensions.ExtendedKeyUsages.Select(name => OidNames.ExtendedKeyUsageToKubernetes.GetValueOrDefault(name, name)))
            .ToList();

        var decoded = new DecodedCertificate(
            tbs.Version,
            X509Parts.ReadName(tbs.Subject.ToAsn1Object()),
            X509Parts.ReadName(tbs.Issuer.ToAsn1Object()),
            SerialText(tbs.SerialNumber),
            X509Parts.ToUtc(tbs.StartDate.ToDateTime()),
            X509Parts.ToUtc(tbs.EndDate.ToDateTime()),
            [.. keyUsages],
            extensions.ExtendedKeyUsages,
            [.. kubernetesUsages],
            extensions.SubjectAlternativeNames,
            X509Parts.ColonHex(SHA256.HashData(der)),
            X509Parts.ReadPublicKey(tbs.SubjectPublicKeyInfo),
            X509Parts.SignatureAlgorithmName(structure.SignatureAlgorithm),
            structure.SignatureAlgorithm.Algorithm.Id,
            extensions.IsCertificateAuthority,
            extensions.PathLengthConstraint,
            extensions.Descriptions,
            [.. der]);
        return (decoded, null);
    }

    private static ExtensionSet ReadExtensionSet(X509CertificateStructure structure)
    {
        var raw = new List<(string Oid, bool Critical, byte[] Value)>();
        var extensions = structure.TbsCertificate.Extensions;
        if (extensions is not null)
        {
            foreach (var oid in extensions.ExtensionOids)
            {
                var extension = extensions.GetExtension(oid);
                raw.Add((oid.Id, extension.IsCritical, extension.Value.GetOctets()));
            }
        }

        return X509Parts.ReadExtensions(raw, strict: true);
    }

    /// <summary>OpenSSL's <c>-serial</c> text: uppercase hex of the magnitude, two digits per byte, "-" if negative.</summary>
    private static string SerialText(DerInteger serial)
    {
        var value = serial.Value;
        var magnitude = value.Abs().ToByteArrayUnsigned();
        var hex = magnitude.Length == 0 ? "00" : Convert.ToHexString(magnitude);
        return value.SignValue < 0 ? "-" + hex : hex;
    }
}
