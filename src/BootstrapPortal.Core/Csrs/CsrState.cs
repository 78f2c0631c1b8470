namespace BootstrapPortal.Core.Csrs;

/// <summary>Where a CertificateSigningRequest stands, as an operator reads it.</summary>
public enum CsrState
{
    Pending,
    Approved,
    Issued,
    Denied,
    Failed,
}
