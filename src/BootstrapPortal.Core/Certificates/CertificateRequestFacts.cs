namespace BootstrapPortal.Core.Certificates;

/// <summary>
/// The parts of a PKCS#10 certificate request that kube-controller-manager's approver and signer look at
/// (Go <c>x509.CertificateRequest</c> fields), plus what a signer needs to issue a certificate.
/// </summary>
/// <param name="CommonName">Subject CN (the last one, as Go's <c>pkix.Name</c> keeps), or empty.</param>
/// <param name="Organizations">Subject O values in request order.</param>
/// <param name="DnsNames">DNS subjectAltNames.</param>
/// <param name="IpAddresses">IP subjectAltNames, textual.</param>
/// <param name="EmailAddresses">Email (rfc822Name) subjectAltNames.</param>
/// <param name="Uris">URI subjectAltNames.</param>
/// <param name="SubjectDer">DER of the subject name, copied verbatim into issued certificates.</param>
/// <param name="SubjectPublicKeyInfoDer">DER SubjectPublicKeyInfo of the requested key.</param>
public sealed record CertificateRequestFacts(
    string CommonName,
    IReadOnlyList<string> Organizations,
    IReadOnlyList<string> DnsNames,
    IReadOnlyList<string> IpAddresses,
    IReadOnlyList<string> EmailAddresses,
    IReadOnlyList<string> Uris,
    ReadOnlyMemory<byte> SubjectDer,
    ReadOnlyMemory<byte> SubjectPublicKeyInfoDer);
