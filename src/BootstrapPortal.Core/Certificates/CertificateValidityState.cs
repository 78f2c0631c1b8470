namespace BootstrapPortal.Core.Certificates;

public enum CertificateValidityState
{
    NotYetValid = 0,
    Valid = 1,
    Expired = 2,
}
