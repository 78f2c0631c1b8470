using BootstrapPortal.Core.Csrs;
using k8s.Models;

namespace BootstrapPortal.Core.Tests.Csrs;

public class CertificateRequestStatesTests
{
    private static V1CertificateSigningRequest Csr(byte[]? certificate, params (string Type, string? Status)[] conditions) => new()
    {
        Metadata = new V1ObjectMeta { Name = "csr-x" },
        Status = new V1CertificateSigningRequestStatus
        {
            Certificate = certificate,
            Conditions = conditions.Select(c => new V1CertificateSigningRequestCondition { Type = c.Type, Status = c.Status }).ToList(),
        },
    };

    public static TheoryData<V1CertificateSigningRequest, CsrState> Cases => new()
    {
        { new V1CertificateSigningRequest { Metadata = new V1ObjectMeta { Name = "no-status" } }, CsrState.Pending },
        { Csr(null), CsrState.Pending },
        { Csr(null, ("Approved", "True")), CsrState.Approved },
        { Csr([1, 2, 3], ("Approved", "True")), CsrState.Issued },
        { Csr([], ("Approved", "True")), CsrState.Approved },
        { Csr(null, ("Approved", null)), CsrState.Approved },
        { Csr(null, ("Approved", "False")), CsrState.Pending },
        { Csr(null, ("Denied", "True")), CsrState.Denied },
        { Csr(null, ("Approved", "True"), ("Failed", "True")), CsrState.Failed },
        { Csr(null, ("Denied", "True"), ("Failed", "True")), CsrState.Denied },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void State_is_read_from_conditions_and_certificate(V1CertificateSigningRequest csr, CsrState expected)
    {
        Assert.Equal(expected, CertificateRequestStates.StateOf(csr));
    }

    [Fact]
    public void Counts_only_pending()
    {
        Assert.Equal(2, CertificateRequestStates.CountPending([Csr(null), Csr(null), Csr(null, ("Denied", "True")), Csr([1], ("Approved", "True"))]));
    }
}
