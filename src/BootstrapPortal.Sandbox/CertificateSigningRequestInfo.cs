using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BootstrapPortal.Sandbox;

/// <summary>A parsed, signature-verified PKCS#10 request: subject, public key and SANs.</summary>
public sealed record CertificateSigningRequestInfo(
    X500DistinguishedName Subject,
    PublicKey PublicKey,
    IReadOnlyList<string> DnsNames,
    IReadOnlyList<IPAddress> IpAddresses,
    IReadOnlyList<string> EmailAddresses,
    IReadOnlyList<Uri> Uris)
{
    /// <summary>The CN, or empty.</summary>
    public string CommonName => Subject.EnumerateRelativeDistinguishedNames(reversed: false)
        .Where(r => r.GetSingleElementType().Value == "2.5.4.3").Select(r => r.GetSingleElementValue() ?? string.Empty)
        .FirstOrDefault() ?? string.Empty;

    /// <summary>All O values in order.</summary>
    public IReadOnlyList<string> Organizations => [.. Subject.EnumerateRelativeDistinguishedNames(reversed: false)
        .Where(r => r.GetSingleElementType().Value == "2.5.4.10").Select(r => r.GetSingleElementValue() ?? string.Empty)];

    /// <summary>Parses a PEM <c>CERTIFICATE REQUEST</c>; throws <see cref="CryptographicException"/> when invalid or the signature fails.</summary>
    public static CertificateSigningRequestInfo Parse(string pem)
    {
        var request = CertificateRequest.LoadSigningRequestPem(pem, HashAlgorithmName.SHA256,
            CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        var dns = new List<string>();
        var ips = new List<IPAddress>();
        var emails = new List<string>();
        var uris = new List<Uri>();
        foreach (var extension in request.CertificateExtensions)
        {
            if (extension.Oid?.Value != "2.5.29.17")
            {
                continue;
            }

            ReadSans(extension.RawData, dns, ips, emails, uris);
        }

        return new CertificateSigningRequestInfo(request.SubjectName, request.PublicKey, dns, ips, emails, uris);
    }

    private static void ReadSans(byte[] raw, List<string> dns, List<IPAddress> ips, List<string> emails, List<Uri> uris)
    {
        var reader = new AsnReader(raw, AsnEncodingRules.DER);
        var sequence = reader.ReadSequence();
        while (sequence.HasData)
        {
            var tag = sequence.PeekTag();
            if (tag.TagClass != TagClass.ContextSpecific)
            {
                sequence.ReadEncodedValue();
                continue;
            }

            switch (tag.TagValue)
            {
                case 1:
                    emails.Add(sequence.ReadCharacterString(UniversalTagNumber.IA5String, tag));
                    break;
                case 2:
                    dns.Add(sequence.ReadCharacterString(UniversalTagNumber.IA5String, tag));
                    break;
                case 6:
                    var text = sequence.ReadCharacterString(UniversalTagNumber.IA5String, tag);
                    if (Uri.TryCreate(text, UriKind.Absolute, out var uri))
                    {
                        uris.Add(uri);
                    }

                    break;
                case 7:
                    ips.Add(new IPAddress(sequence.ReadOctetString(tag)));
                    break;
                default:
                    sequence.ReadEncodedValue();
                    break;
            }
        }
    }
}
