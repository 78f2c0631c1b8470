using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;

namespace BootstrapPortal.Core.Certificates;

/// <summary>Readers for the parts requests and certificates share (names, keys, algorithms, extensions).</summary>
internal static class X509Parts
{
    private const string SubjectAltNameOid = "2.5.29.17";
    private const string KeyUsageOid = "2.5.29.15";
    private const string ExtendedKeyUsageOid = "2.5.29.37";
    private const string BasicConstraintsOid = "2.5.29.19";
    private const string SubjectKeyIdOid = "2.5.29.14";
    private const string AuthorityKeyIdOid = "2.5.29.35";

    /// <summary>Reads a Name (SEQUENCE OF RDN SET OF AttributeTypeAndValue), keeping encoding order.</summary>
    public static DistinguishedName ReadName(Asn1Encodable name)
    {
        var attributes = new List<NameAttribute>();
        foreach (var rdn in Asn1Sequence.GetInstance(name))
        {
            foreach (var element in Asn1Set.GetInstance(rdn))
            {
                var pair = Asn1Sequence.GetInstance(element);
                if (pair.Count != 2)
                {
                    throw new FormatException("a name attribute is not a (type, value) pair");
                }

                var oid = DerObjectIdentifier.GetInstance(pair[0]).Id;
                var type = OidNames.NameAttributes.GetValueOrDefault(oid, oid);
                attributes.Add(new NameAttribute(type, oid, AttributeValueText(pair[1])));
            }
        }

        return new DistinguishedName([.. attributes]);
    }

    private static string AttributeValueText(Asn1Encodable value) => value switch
    {
        DerUniversalString universal => DecodeUtf32(universal.GetOctets()),
        IAsn1String text => text.GetString(),
        _ => "#" + Convert.ToHexStringLower(value.GetDerEncoded()),
    };

    private static string DecodeUtf32(byte[] octets) =>
        octets.Length % 4 == 0 ? new UTF32Encoding(bigEndian: true, byteOrderMark: false).GetString(octets)
            : "#" + Convert.ToHexStringLower(octets);

    public static string SignatureAlgorithmName(AlgorithmIdentifier algorithm) =>
        OidNames.SignatureAlgorithms.GetValueOrDefault(algorithm.Algorithm.Id, algorithm.Algorithm.Id);

    public static PublicKeyDescription ReadPublicKey(SubjectPublicKeyInfo spki)
    {
        var oid = spki.Algorithm.Algorithm.Id;
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(spki.GetDerEncoded()));
        switch (oid)
        {
            case "1.2.840.113549.1.1.1":
            case "1.2.840.113549.1.1.10":
                {
                    var modulusBits = RsaModulusBits(spki);
                    return new PublicKeyDescription(oid.EndsWith(".10", StringComparison.Ordinal) ? "RSA-PSS" : "RSA", oid,
                        modulusBits, null, fingerprint);
                }

            case "1.2.840.10045.2.1":
                {
                    var (curve, size) = EcCurve(spki.Algorithm.Parameters);
                    return new PublicKeyDescription("EC", oid, size, curve, fingerprint);
                }

            case "1.3.101.112":
                return new PublicKeyDescription("Ed25519", oid, 256, null, fingerprint);
            case "1.3.101.113":
                return new PublicKeyDescription("Ed448", oid, 456, null, fingerprint);
            case "1.2.840.10040.4.1":
                {
                    int? bits = spki.Algorithm.Parameters is Asn1Sequence { Count: 3 } dsa
                        ? DerInteger.GetInstance(dsa[0]).Value.BitLength
                        : null;
                    return new PublicKeyDescription("DSA", oid, bits, null, fingerprint);
                }

            case "2.16.840.1.101.3.4.3.17":
            case "2.16.840.1.101.3.4.3.18":
            case "2.16.840.1.101.3.4.3.19":
                return new PublicKeyDescription(OidNames.SignatureAlgorithms[oid], oid, null, null, fingerprint);
            default:
                return new PublicKeyDescription(oid, oid, null, null, fingerprint);
        }
    }

    /// <summary>The RSA modulus size in bits, or null when the key does not parse.</summary>
    public static int? RsaModulusBits(SubjectPublicKeyInfo spki)
    {
        var key = DerGuard.TryParse(spki.PublicKey.GetOctets(), "RSA public key", out _);
        return key is Asn1Sequence { Count: 2 } sequence && sequence[0] is DerInteger modulus
            ? modulus.Value.BitLength
            : null;
    }

    private static (string? Curve, int? Size) EcCurve(Asn1Encodable? parameters)
    {
        if (parameters is not DerObjectIdentifier curveOid)
        {
            return (parameters is Asn1Sequence ? "explicit parameters" : null, null);
        }

        var id = curveOid.Id;
        var parameterSet = ECNamedCurveTable.GetByOid(curveOid);
        int? size = parameterSet?.Curve.FieldSize;
        if (OidNames.Curves.TryGetValue(id, out var known))
        {
            return (known, size);
        }

        return (ECNamedCurveTable.GetName(curveOid) ?? id, size);
    }

    /// <summary>
    /// Reads extensions. With <paramref name="strict"/> (certificates, as Go's x509 parser does) a malformed key usage,
    /// extended key usage, basic constraints or key identifier is an error; subject alternative names are always checked.
    /// </summary>
    public static ExtensionSet ReadExtensions(IEnumerable<(string Oid, bool Critical, byte[] Value)> extensions, bool strict)
    {
        var descriptions = new List<ExtensionDescription>();
        var sans = SubjectAlternativeNames.None;
        IReadOnlyList<int> keyUsage = [];
        IReadOnlyList<string> extendedKeyUsage = [];
        bool? isCa = null;
        int? pathLength = null;
        byte[]? subjectKeyId = null;
        byte[]? authorityKeyId = null;

        foreach (var (oid, critical, value) in extensions)
        {
            string text;
            if (oid == SubjectAltNameOid)
            {
                // Go parses the SAN extension of requests and certificates; a malformed one fails the whole parse.
                sans = ReadSubjectAlternativeNames(value);
                text = DescribeSans(sans);
            }
            else
            {
                try
                {
                    switch (oid)
                    {
                        case KeyUsageOid:
                            keyUsage = ReadKeyUsage(value);
                            text = string.Join(", ", keyUsage.Select(bit => OidNames.KeyUsageBits[bit]));
                            break;
                        case ExtendedKeyUsageOid:
                            extendedKeyUsage = ReadExtendedKeyUsage(value);
                            text = string.Join(", ", extendedKeyUsage);
                            break;
                        case BasicConstraintsOid:
                            (isCa, pathLength) = ReadBasicConstraints(value);
                            text = isCa == true
                                ? pathLength is null ? "CA:TRUE" : $"CA:TRUE, pathlen:{pathLength}"
                                : "CA:FALSE";
                            break;
                        case SubjectKeyIdOid:
                            subjectKeyId = Asn1OctetString.GetInstance(Parse(value, "subject key identifier")).GetOctets();
                            text = ColonHex(subjectKeyId);
                            break;
                        case AuthorityKeyIdOid:
                            authorityKeyId = ReadAuthorityKeyId(value);
                            text = authorityKeyId is null ? "(no key id)" : ColonHex(authorityKeyId);
                            break;
                        default:
                            text = $"{value.Length} bytes";
                            break;
                    }
                }
                catch (Exception ex) when (!strict && ex is FormatException or ArgumentException or InvalidOperationException or IOException)
                {
                    text = $"(malformed: {ex.Message})";
                }
            }

            descriptions.Add(new ExtensionDescription(oid, OidNames.ExtensionName(oid), critical, text));
        }

        return new ExtensionSet([.. descriptions], sans, keyUsage, extendedKeyUsage, isCa, pathLength, subjectKeyId,
            authorityKeyId);
    }

    private static Asn1Object Parse(byte[] value, string what) =>
        DerGuard.TryParse(value, what, out var error) ?? throw new FormatException(error);

    private static IReadOnlyList<int> ReadKeyUsage(byte[] value)
    {
        var bits = DerBitString.GetInstance(Parse(value, "key usage"));
        var bytes = bits.GetBytes();
        var set = new List<int>();
        for (var bit = 0; bit < OidNames.KeyUsageBits.Count; bit++)
        {
            if (bit / 8 < bytes.Length && (bytes[bit / 8] & (0x80 >> (bit % 8))) != 0)
            {
                set.Add(bit);
            }
        }

        return [.. set];
    }

    private static IReadOnlyList<string> ReadExtendedKeyUsage(byte[] value) =>
    [
        .. Asn1Sequence.GetInstance(Parse(value, "extended key usage"))
            .Select(element => OidNames.ExtendedKeyUsageName(DerObjectIdentifier.GetInstance(element).Id)),
    ];

    private static (bool IsCa, int? PathLength) ReadBasicConstraints(byte[] value)
    {
        var sequence = Asn1Sequence.GetInstance(Parse(value, "basic constraints"));
        var isCa = false;
        int? pathLength = null;
        var index = 0;
        if (index < sequence.Count && sequence[index] is DerBoolean flag)
        {
            isCa = flag.IsTrue;
            index++;
        }

        if (index < sequence.Count)
        {
            var length = DerInteger.GetInstance(sequence[index]).Value;
            if (length.SignValue < 0 || length.BitLength > 31)
            {
                throw new FormatException("basic constraints path length is out of range");
            }

            pathLength = length.IntValue;
            index++;
        }

        if (index != sequence.Count)
        {
            throw new FormatException("basic constraints has unexpected elements");
        }

        return (isCa, pathLength);
    }

    private static byte[]? ReadAuthorityKeyId(byte[] value)
    {
        foreach (var element in Asn1Sequence.GetInstance(Parse(value, "authority key identifier")))
        {
            if (element is Asn1TaggedObject { TagClass: Asn1Tags.ContextSpecific, TagNo: 0 } tagged)
            {
                return Asn1OctetString.GetInstance(tagged, false).GetOctets();
            }
        }

        return null;
    }

    /// <summary>Reads GeneralNames the way Go does: DNS/email/URI must be ASCII, IP addresses 4 or 16 bytes.</summary>
    public static SubjectAlternativeNames ReadSubjectAlternativeNames(byte[] value)
    {
        var dns = new List<string>();
        var ips = new List<string>();
        var emails = new List<string>();
        var uris = new List<string>();
        var other = new List<string>();
        foreach (var element in Asn1Sequence.GetInstance(Parse(value, "subject alternative name")))
        {
            if (element is not Asn1TaggedObject { TagClass: Asn1Tags.ContextSpecific } tagged)
            {
                throw new FormatException("subject alternative name contains an element that is not a GeneralName");
            }

            switch (tagged.TagNo)
            {
                case 1:
                    emails.Add(Ia5(tagged, "email"));
                    break;
                case 2:
                    dns.Add(Ia5(tagged, "DNS name"));
                    break;
                case 6:
                    uris.Add(Ia5(tagged, "URI"));
                    break;
                case 7:
                    {
                        var octets = Asn1OctetString.GetInstance(tagged, false).GetOctets();
                        if (octets.Length is not (4 or 16))
                        {
                            throw new FormatException($"cannot parse IP address of length {octets.Length}");
                        }

                        ips.Add(new IPAddress(octets).ToString());
                        break;
                    }

                case 0:
                    other.Add("othername");
                    break;
                case 4:
                    other.Add("DirName:" + ReadName(Asn1Sequence.GetInstance(tagged, true)).Text);
                    break;
                case 8:
                    other.Add("Registered ID:" + DerObjectIdentifier.GetInstance(tagged, false).Id);
                    break;
                default:
                    other.Add($"[{tagged.TagNo.ToString(CultureInfo.InvariantCulture)}]");
                    break;
            }
        }

        return new SubjectAlternativeNames([.. dns], [.. ips], [.. emails], [.. uris], [.. other]);
    }

    private static string Ia5(Asn1TaggedObject tagged, string what)
    {
        var octets = Asn1OctetString.GetInstance(tagged, false).GetOctets();
        if (octets.Any(b => b > 0x7F))
        {
            throw new FormatException($"SAN {what} is not a valid IA5String (non-ASCII bytes)");
        }

        return Encoding.ASCII.GetString(octets);
    }

    private static string DescribeSans(SubjectAlternativeNames sans) => string.Join(", ",
        sans.DnsNames.Select(d => "DNS:" + d)
            .Concat(sans.IpAddresses.Select(i => "IP Address:" + i))
            .Concat(sans.EmailAddresses.Select(e => "email:" + e))
            .Concat(sans.Uris.Select(u => "URI:" + u))
            .Concat(sans.Other));

    /// <summary>Uppercase hex bytes joined by colons (OpenSSL's fingerprint/key-id style).</summary>
    public static string ColonHex(ReadOnlySpan<byte> bytes)
    {
        var hex = Convert.ToHexString(bytes);
        var builder = new StringBuilder(Math.Max(0, (bytes.Length * 3) - 1));
        for (var i = 0; i < hex.Length; i += 2)
        {
            if (i > 0)
            {
                builder.Append(':');
            }

            builder.Append(hex, i, 2);
        }

        return builder.ToString();
    }

    public static DateTimeOffset ToUtc(DateTime value) =>
        new(value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime());
}
