using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace BootstrapPortal.Core.Tokens;

/// <summary>Reads the subject CN of a CSR's <c>spec.request</c> (PEM) for lineage. Never throws for bad input.</summary>
public static class CsrCommonName
{
    private const string CommonNameOid = "2.5.4.3";

    /// <summary>The last subject CN (as Go's <c>pkix.Name</c> keeps it), or null when the request does not parse.</summary>
    public static string? TryRead(byte[]? requestPem)
    {
        if (requestPem is null || requestPem.Length == 0)
        {
            return null;
        }

        try
        {
            // Lineage only needs the subject; the API server already validated the request when it was created.
            var request = CertificateRequest.LoadSigningRequestPem(
                Encoding.ASCII.GetString(requestPem), HashAlgorithmName.SHA256,
                CertificateRequestLoadOptions.SkipSignatureValidation | CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
            string? commonName = null;
            foreach (var rdn in request.SubjectName.EnumerateRelativeDistinguishedNames())
            {
                if (!rdn.HasMultipleElements && rdn.GetSingleElementType().Value == CommonNameOid)
                {
                    commonName = rdn.GetSingleElementValue();
                }
            }

            return commonName;
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException or FormatException)
        {
            return null;
        }
    }
}
