using BootstrapPortal.Core.Tests.Csrs;
using BootstrapPortal.Sandbox;
using k8s;
using k8s.Models;

namespace BootstrapPortal.Core.Tests.ReadModels;

/// <summary>
/// A sandbox without kubelets (nothing changes unless a test changes it), the cluster cache fed by it, and a catalogue that
/// judges by a <see cref="ManualClock"/>.
/// </summary>
public class QuietSandboxFixture : CsrSandboxFixture
{
    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override TimeProvider CatalogTime => Clock;

    protected override int RegisteredNodes => 0;

    protected override SandboxOptions CreateOptions(string dataDirectory) =>
        new() { Nodes = 0, ServingCertificates = false, DemoMisfits = false, DataDirectory = dataDirectory };

    public static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    /// <summary>Creates a CSR as the admin and waits until the catalogue has it.</summary>
    public async Task<V1CertificateSigningRequest> CreateCsrAsync(string commonName, string signer, string[] usages, string[]? organizations = null)
    {
        var created = await Admin.CertificatesV1.CreateCertificateSigningRequestAsync(new V1CertificateSigningRequest
        {
            Metadata = new V1ObjectMeta { GenerateName = "csr-rm-" },
            Spec = new V1CertificateSigningRequestSpec
            {
                Request = TestCsrs.RequestPem(commonName, organizations: organizations),
                SignerName = signer,
                Usages = usages,
            },
        }, cancellationToken: Timeout());
        await Eventually(() => Catalog.Get(created.Metadata.Name) is not null, "the catalogue saw " + created.Metadata.Name);
        return created;
    }

    /// <summary>Approves or denies <paramref name="name"/> through <c>/approval</c>.</summary>
    public async Task DecideAsync(string name, bool approve)
    {
        var csr = await Admin.CertificatesV1.ReadCertificateSigningRequestAsync(name, cancellationToken: Timeout());
        csr.Status ??= new V1CertificateSigningRequestStatus();
        csr.Status.Conditions ??= [];
        csr.Status.Conditions.Add(new V1CertificateSigningRequestCondition
        {
            Type = approve ? "Approved" : "Denied",
            Status = "True",
            Reason = "ReadModelTest",
            Message = "decided by the read model tests",
        });
        await Admin.CertificatesV1.ReplaceCertificateSigningRequestApprovalAsync(csr, name, cancellationToken: Timeout());
    }
}
