namespace BootstrapPortal.Core.Certificates;

/// <summary>
/// The certificates of a CSR's <c>status.certificate</c>, in order: the first is the issued (leaf) certificate, any
/// others are intermediates.
/// </summary>
public sealed record DecodedCertificateChain(IReadOnlyList<DecodedCertificate> Certificates)
{
    public DecodedCertificate Leaf => Certificates[0];

    public int Count => Certificates.Count;
}
