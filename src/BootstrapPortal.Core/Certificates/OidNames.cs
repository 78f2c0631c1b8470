using System.Collections.Frozen;

namespace BootstrapPortal.Core.Certificates;

/// <summary>Display names for the object identifiers found in requests and certificates (OpenSSL's spelling).</summary>
internal static class OidNames
{
    /// <summary>Attribute types in names → OpenSSL short names (as <c>openssl x509 -subject</c> prints them).</summary>
    public static readonly FrozenDictionary<string, string> NameAttributes = new Dictionary<string, string>
    {
        ["2.5.4.3"] = "CN",
        ["2.5.4.4"] = "SN",
        ["2.5.4.5"] = "serialNumber",
        ["2.5.4.6"] = "C",
        ["2.5.4.7"] = "L",
        ["2.5.4.8"] = "ST",
        ["2.5.4.9"] = "street",
        ["2.5.4.10"] = "O",
        ["2.5.4.11"] = "OU",
        ["2.5.4.12"] = "title",
        ["2.5.4.13"] = "description",
        ["2.5.4.15"] = "businessCategory",
        ["2.5.4.17"] = "postalCode",
        ["2.5.4.42"] = "GN",
        ["2.5.4.43"] = "initials",
        ["2.5.4.44"] = "generationQualifier",
        ["2.5.4.46"] = "dnQualifier",
        ["2.5.4.65"] = "pseudonym",
        ["2.5.4.97"] = "organizationIdentifier",
        ["1.2.840.113549.1.9.1"] = "emailAddress",
        ["0.9.2342.19200300.100.1.1"] = "UID",
        ["0.9.2342.19200300.100.1.25"] = "DC",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Signature algorithms → OpenSSL names (as in <c>Signature Algorithm:</c> of <c>-text</c>).</summary>
    public static readonly FrozenDictionary<string, string> SignatureAlgorithms = new Dictionary<string, string>
    {
        ["1.2.840.113549.1.1.4"] = "md5WithRSAEncryption",
        ["1.2.840.113549.1.1.5"] = "sha1WithRSAEncryption",
        ["1.2.840.113549.1.1.10"] = "rsassaPss",
        ["1.2.840.113549.1.1.11"] = "sha256WithRSAEncryption",
        ["1.2.840.113549.1.1.12"] = "sha384WithRSAEncryption",
        ["1.2.840.113549.1.1.13"] = "sha512WithRSAEncryption",
        ["1.2.840.113549.1.1.14"] = "sha224WithRSAEncryption",
        ["1.2.840.10045.4.1"] = "ecdsa-with-SHA1",
        ["1.2.840.10045.4.3.1"] = "ecdsa-with-SHA224",
        ["1.2.840.10045.4.3.2"] = "ecdsa-with-SHA256",
        ["1.2.840.10045.4.3.3"] = "ecdsa-with-SHA384",
        ["1.2.840.10045.4.3.4"] = "ecdsa-with-SHA512",
        ["1.2.840.10040.4.3"] = "dsaWithSHA1",
        ["2.16.840.1.101.3.4.3.2"] = "dsa_with_SHA256",
        ["1.3.101.112"] = "ED25519",
        ["1.3.101.113"] = "ED448",
        ["2.16.840.1.101.3.4.3.17"] = "ML-DSA-44",
        ["2.16.840.1.101.3.4.3.18"] = "ML-DSA-65",
        ["2.16.840.1.101.3.4.3.19"] = "ML-DSA-87",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Named elliptic curves → the names Kubernetes/Go and OpenSSL's "NIST CURVE:" use.</summary>
    public static readonly FrozenDictionary<string, string> Curves = new Dictionary<string, string>
    {
        ["1.2.840.10045.3.1.1"] = "P-192",
        ["1.3.132.0.33"] = "P-224",
        ["1.2.840.10045.3.1.7"] = "P-256",
        ["1.3.132.0.34"] = "P-384",
        ["1.3.132.0.35"] = "P-521",
        ["1.3.132.0.10"] = "secp256k1",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Extended key usages → RFC 5280 / OpenSSL short names.</summary>
    public static readonly FrozenDictionary<string, string> ExtendedKeyUsages = new Dictionary<string, string>
    {
        ["2.5.29.37.0"] = "anyExtendedKeyUsage",
        ["1.3.6.1.5.5.7.3.1"] = "serverAuth",
        ["1.3.6.1.5.5.7.3.2"] = "clientAuth",
        ["1.3.6.1.5.5.7.3.3"] = "codeSigning",
        ["1.3.6.1.5.5.7.3.4"] = "emailProtection",
        ["1.3.6.1.5.5.7.3.5"] = "ipsecEndSystem",
        ["1.3.6.1.5.5.7.3.6"] = "ipsecTunnel",
        ["1.3.6.1.5.5.7.3.7"] = "ipsecUser",
        ["1.3.6.1.5.5.7.3.8"] = "timeStamping",
        ["1.3.6.1.5.5.7.3.9"] = "OCSPSigning",
        ["1.3.6.1.4.1.311.10.3.3"] = "msSGC",
        ["2.16.840.1.113730.4.1"] = "nsSGC",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Extended key usage short names → Kubernetes <c>spec.usages</c> strings (k8s.io/api certificates/v1).</summary>
    public static readonly FrozenDictionary<string, string> ExtendedKeyUsageToKubernetes = new Dictionary<string, string>
    {
        ["anyExtendedKeyUsage"] = "any",
        ["serverAuth"] = "server auth",
        ["clientAuth"] = "client auth",
        ["codeSigning"] = "code signing",
        ["emailProtection"] = "email protection",
        ["ipsecEndSystem"] = "ipsec end system",
        ["ipsecTunnel"] = "ipsec tunnel",
        ["ipsecUser"] = "ipsec user",
        ["timeStamping"] = "timestamping",
        ["OCSPSigning"] = "ocsp signing",
        ["msSGC"] = "microsoft sgc",
        ["nsSGC"] = "netscape sgc",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Extensions → display names (OpenSSL's long names without the "X509v3 " prefix).</summary>
    public static readonly FrozenDictionary<string, string> Extensions = new Dictionary<string, string>
    {
        ["2.5.29.14"] = "Subject Key Identifier",
        ["2.5.29.15"] = "Key Usage",
        ["2.5.29.17"] = "Subject Alternative Name",
        ["2.5.29.18"] = "Issuer Alternative Name",
        ["2.5.29.19"] = "Basic Constraints",
        ["2.5.29.30"] = "Name Constraints",
        ["2.5.29.31"] = "CRL Distribution Points",
        ["2.5.29.32"] = "Certificate Policies",
        ["2.5.29.35"] = "Authority Key Identifier",
        ["2.5.29.37"] = "Extended Key Usage",
        ["1.3.6.1.5.5.7.1.1"] = "Authority Information Access",
        ["1.3.6.1.5.5.7.1.24"] = "TLS Feature",
        ["1.3.6.1.4.1.11129.2.4.2"] = "CT Precertificate SCTs",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Key usage bits 0..8 (RFC 5280 names).</summary>
    public static readonly IReadOnlyList<string> KeyUsageBits =
    [
        "digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement",
        "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly",
    ];

    /// <summary>Key usage bits 0..8 → Kubernetes <c>spec.usages</c> strings.</summary>
    public static readonly IReadOnlyList<string> KeyUsageBitsKubernetes =
    [
        "digital signature", "content commitment", "key encipherment", "data encipherment", "key agreement",
        "cert sign", "crl sign", "encipher only", "decipher only",
    ];

    public static string ExtendedKeyUsageName(string oid) => ExtendedKeyUsages.GetValueOrDefault(oid, oid);

    public static string ExtensionName(string oid) => Extensions.GetValueOrDefault(oid, oid);
}
