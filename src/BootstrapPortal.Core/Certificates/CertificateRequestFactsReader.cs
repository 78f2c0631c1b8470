using System.Net;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Pkcs;
using BcPemReader = Org.BouncyCastle.Utilities.IO.Pem.PemReader;

namespace BootstrapPortal.Core.Certificates;

/// <summary>
/// Parses the <c>spec.request</c> of a CertificateSigningRequest (PEM text of one <c>CERTIFICATE REQUEST</c> block) the way
/// kube-apiserver validation and kube-controller-manager do: one PEM block of the right type, PKCS#10 that parses, and a
/// self-signature that verifies. Never throws for bad input.
/// </summary>
public static class CertificateRequestFactsReader
{
    /// <summary>Tries to parse <paramref name="pem"/>; on failure <paramref name="error"/> says why.</summary>
    public static bool TryRead(ReadOnlySpan<byte> pem, out CertificateRequestFacts? facts, out string? error)
    {
        facts = null;
        try
        {
            byte[] der;
            using (var reader = new BcPemReader(new StringReader(System.Text.Encoding.ASCII.GetString(pem))))
            {
                var block = reader.ReadPemObject();
                if (block is null || block.Type != "CERTIFICATE REQUEST")
                {
                    error = "PEM block type must be CERTIFICATE REQUEST";
                    return false;
                }

                der = block.Content;
            }

            var request = new Pkcs10CertificationRequest(der);
            if (!request.Verify())
            {
                error = "x509: ECDSA/RSA verification failure of the request signature";
                return false;
            }

            var info = request.GetCertificationRequestInfo();
            var subject = info.Subject;
            var commonNames = subject.GetValueList(X509Name.CN);
            var organizations = subject.GetValueList(X509Name.O);

            var dns = new List<string>();
            var ips = new List<string>();
            var emails = new List<string>();
            var uris = new List<string>();
            var extensions = request.GetRequestedExtensions();
            var sanExtension = extensions?.GetExtension(X509Extensions.SubjectAlternativeName);
            if (sanExtension is not null)
            {
                foreach (var name in GeneralNames.GetInstance(sanExtension.GetParsedValue()).GetNames())
                {
                    switch (name.TagNo)
                    {
                        case GeneralName.DnsName:
                            dns.Add(((IAsn1String)name.Name).GetString());
                            break;
                        case GeneralName.Rfc822Name:
                            emails.Add(((IAsn1String)name.Name).GetString());
                            break;
                        case GeneralName.UniformResourceIdentifier:
                            uris.Add(((IAsn1String)name.Name).GetString());
                            break;
                        case GeneralName.IPAddress:
                            ips.Add(new IPAddress(Asn1OctetString.GetInstance(name.Name).GetOctets()).ToString());
                            break;
                        default:
                            break;
                    }
                }
            }

            facts = new CertificateRequestFacts(
                commonNames.Count > 0 ? commonNames[^1] : string.Empty,
                organizations.ToArray(),
                dns,
                ips,
                emails,
                uris,
                subject.GetDerEncoded(),
                info.SubjectPublicKeyInfo.GetDerEncoded());
            error = null;
            return true;
        }
#pragma warning disable CA1031 // Any parse failure of untrusted input is reported, never thrown.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            error = "unable to parse certificate request: " + ex.Message;
            return false;
        }
    }
}
