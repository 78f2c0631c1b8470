using System.Globalization;
using System.Security.Cryptography;
using BootstrapPortal.Core.Certificates;

namespace BootstrapPortal.Core.Tests.Certificates;

/// <summary>Asserts that a decoded request/certificate says what openssl says about the same file, field by field.</summary>
internal static class OpenSslComparison
{
    private const string NameOptions = "sep_multiline,sname,utf8,-esc_msb";

    private static readonly Dictionary<string, string> KeyAlgorithms = new()
    {
        ["rsaEncryption"] = "RSA",
        ["rsassaPss"] = "RSA-PSS",
        ["id-ecPublicKey"] = "EC",
        ["ED25519"] = "Ed25519",
        ["ED448"] = "Ed448",
    };

    public static void AssertRequest(string directory, string csrPath, DecodedCertificateRequest decoded)
    {
        var text = new OpenSslText(OpenSsl.Ok(directory, "req", "-in", csrPath, "-noout", "-text"));
        var subject = OpenSslText.SubjectLines(
            OpenSsl.Ok(directory, "req", "-in", csrPath, "-noout", "-subject", "-nameopt", NameOptions));
        Assert.Equal(subject, decoded.Subject.Attributes.Select(a => (a.Type, a.Value)).ToList());
        Assert.Equal(text.Value("Version:"), string.Create(CultureInfo.InvariantCulture, $"{decoded.Version + 1} (0x{decoded.Version:x})"));
        Assert.Equal(text.Value("Signature Algorithm:"), decoded.SignatureAlgorithm);

        var verify = OpenSsl.Run(directory, "req", "-in", csrPath, "-noout", "-verify");
        Assert.Equal(verify.ExitCode == 0, decoded.SignatureValid);

        AssertPublicKey(text, decoded.PublicKey);
        var spki = SpkiSha256(directory, "req", csrPath);
        Assert.Equal(spki, decoded.PublicKey.SpkiSha256);
        AssertExtensions(text, decoded.Extensions, decoded.SubjectAlternativeNames);
    }

    public static void AssertCertificate(string directory, string certPath, DecodedCertificate decoded)
    {
        var text = new OpenSslText(OpenSsl.Ok(directory, "x509", "-in", certPath, "-noout", "-text"));
        var facts = new OpenSslText(OpenSsl.Ok(directory, "x509", "-in", certPath, "-noout", "-serial", "-fingerprint",
            "-sha256", "-dates", "-dateopt", "iso_8601"));
        Assert.Equal(facts.Value("serial="), decoded.SerialNumber);
        Assert.Equal(facts.Value("sha256 Fingerprint="), decoded.Sha256Fingerprint);
        Assert.Equal(ParseIsoDate(facts.Value("notBefore=")), decoded.NotBefore);
        Assert.Equal(ParseIsoDate(facts.Value("notAfter=")), decoded.NotAfter);

        var subject = OpenSslText.SubjectLines(
            OpenSsl.Ok(directory, "x509", "-in", certPath, "-noout", "-subject", "-nameopt", NameOptions));
        Assert.Equal(subject, decoded.Subject.Attributes.Select(a => (a.Type, a.Value)).ToList());
        var issuer = OpenSslText.SubjectLines(
            OpenSsl.Ok(directory, "x509", "-in", certPath, "-noout", "-issuer", "-nameopt", NameOptions));
        Assert.Equal(issuer, decoded.Issuer.Attributes.Select(a => (a.Type, a.Value)).ToList());

        Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"{decoded.Version} (0x{decoded.Version - 1:x})"), text.Value("Version:"));
        Assert.Equal(text.Value("Signature Algorithm:"), decoded.SignatureAlgorithm);
        AssertPublicKey(text, decoded.PublicKey);
        Assert.Equal(SpkiSha256(directory, "x509", certPath), decoded.PublicKey.SpkiSha256);
        AssertExtensions(text, decoded.Extensions, decoded.SubjectAlternativeNames);

        var keyUsage = text.Extension("X509v3 Key Usage:");
        Assert.Equal(keyUsage is null ? [] : OpenSslText.List(keyUsage.Value.Value).Select(n => OpenSslText.KeyUsageNames[n]).ToList(),
            decoded.KeyUsages);
        var extendedKeyUsage = text.Extension("X509v3 Extended Key Usage:");
        Assert.Equal(extendedKeyUsage is null ? [] : OpenSslText.List(extendedKeyUsage.Value.Value).Select(n => OpenSslText.ExtendedKeyUsageNames[n]).ToList(),
            decoded.ExtendedKeyUsages);
    }

    private static DateTimeOffset ParseIsoDate(string? value) =>
        DateTimeOffset.ParseExact(value ?? "", "yyyy-MM-dd HH:mm:ssZ", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static string SpkiSha256(string directory, string command, string path)
    {
        var pubPem = Path.Combine(directory, Guid.NewGuid().ToString("N") + ".pub.pem");
        var pubDer = Path.Combine(directory, Guid.NewGuid().ToString("N") + ".pub.der");
        OpenSsl.Ok(directory, command, "-in", path, "-noout", "-pubkey", "-out", pubPem);
        OpenSsl.Ok(directory, "pkey", "-pubin", "-in", pubPem, "-outform", "DER", "-out", pubDer);
        return Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(pubDer)));
    }

    private static void AssertPublicKey(OpenSslText text, PublicKeyDescription key)
    {
        Assert.Equal(KeyAlgorithms[text.Value("Public Key Algorithm:")!], key.Algorithm);
        switch (key.Algorithm)
        {
            case "RSA":
            case "EC":
                Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"({key.SizeBits} bit)"), text.Value("Public-Key:"));
                break;
            case "Ed25519":
                Assert.True(text.Has("ED25519 Public-Key:"));
                break;
        }

        if (key.Algorithm == "EC")
        {
            Assert.Equal(text.Value("NIST CURVE:"), key.Curve);
        }
    }

    private static void AssertExtensions(OpenSslText text, IReadOnlyList<ExtensionDescription> extensions, SubjectAlternativeNames sans)
    {
        var keyUsage = text.Extension("X509v3 Key Usage:");
        var decodedKeyUsage = extensions.SingleOrDefault(e => e.Name == "Key Usage");
        Assert.Equal(keyUsage is null, decodedKeyUsage is null);
        if (keyUsage is { } ku && decodedKeyUsage is not null)
        {
            Assert.Equal(ku.Critical, decodedKeyUsage.Critical);
            Assert.Equal(OpenSslText.List(ku.Value).Select(n => OpenSslText.KeyUsageNames[n]), OpenSslText.List(decodedKeyUsage.Value));
        }

        var extendedKeyUsage = text.Extension("X509v3 Extended Key Usage:");
        var decodedExtendedKeyUsage = extensions.SingleOrDefault(e => e.Name == "Extended Key Usage");
        Assert.Equal(extendedKeyUsage is null, decodedExtendedKeyUsage is null);
        if (extendedKeyUsage is { } eku && decodedExtendedKeyUsage is not null)
        {
            Assert.Equal(eku.Critical, decodedExtendedKeyUsage.Critical);
            Assert.Equal(OpenSslText.List(eku.Value).Select(n => OpenSslText.ExtendedKeyUsageNames[n]),
                OpenSslText.List(decodedExtendedKeyUsage.Value));
        }

        var basicConstraints = text.Extension("X509v3 Basic Constraints:");
        var decodedBasicConstraints = extensions.SingleOrDefault(e => e.Name == "Basic Constraints");
        Assert.Equal(basicConstraints is null, decodedBasicConstraints is null);
        if (basicConstraints is { } bc && decodedBasicConstraints is not null)
        {
            Assert.Equal(bc.Critical, decodedBasicConstraints.Critical);
            Assert.Equal(bc.Value, decodedBasicConstraints.Value);
        }

        foreach (var (heading, name) in new[]
                 {
                     ("X509v3 Subject Key Identifier:", "Subject Key Identifier"),
                     ("X509v3 Authority Key Identifier:", "Authority Key Identifier"),
                 })
        {
            var expected = text.Extension(heading);
            var actual = extensions.SingleOrDefault(e => e.Name == name);
            Assert.Equal(expected is null, actual is null);
            if (expected is { } e && actual is not null)
            {
                Assert.Equal(e.Value.Replace("keyid:", "", StringComparison.Ordinal), actual.Value);
            }
        }

        var san = text.Extension("X509v3 Subject Alternative Name:");
        Assert.Equal(san is null, extensions.All(e => e.Name != "Subject Alternative Name"));
        var (dns, ip, email, uri) = san is { } s ? OpenSslText.Sans(s.Value) : ([], [], [], []);
        Assert.Equal(dns, sans.DnsNames);
        Assert.Equal(ip, sans.IpAddresses);
        Assert.Equal(email, sans.EmailAddresses);
        Assert.Equal(uri, sans.Uris);
    }
}
