using System.Text;
using BootstrapPortal.Core.Tokens;
using k8s.Models;

namespace BootstrapPortal.Core.Tests.Tokens;

public sealed class OneTimeTokenReaperTests
{
    private static V1Secret Token(string id, bool oneTime, bool deleting = false) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "bootstrap-token-" + id,
            Uid = "uid-" + id,
            Labels = oneTime ? new Dictionary<string, string> { [PortalTokenMetadata.OneTimeLabel] = "true" } : null,
            DeletionTimestamp = deleting ? DateTime.UtcNow : null,
        },
        Type = BootstrapTokenFormat.SecretType,
    };

    private static V1CertificateSigningRequest Csr(string user, bool issued) => new()
    {
        Metadata = new V1ObjectMeta { Name = "csr-" + user.GetHashCode(StringComparison.Ordinal) },
        Spec = new V1CertificateSigningRequestSpec { Username = user },
        Status = issued ? new V1CertificateSigningRequestStatus { Certificate = Encoding.ASCII.GetBytes("-----BEGIN CERTIFICATE-----") } : null,
    };

    [Fact]
    public void Only_one_time_tokens_whose_bootstrap_user_got_a_certificate_are_due()
    {
        var secrets = new[] { Token("aaaaaa", true), Token("bbbbbb", true), Token("cccccc", false), Token("dddddd", true, deleting: true) };
        var csrs = new[]
        {
            Csr("system:bootstrap:aaaaaa", issued: true),
            Csr("system:bootstrap:bbbbbb", issued: false),
            Csr("system:bootstrap:cccccc", issued: true),
            Csr("system:bootstrap:dddddd", issued: true),
        };
        var due = OneTimeTokenReaper.Due(secrets, csrs);
        Assert.Equal(["bootstrap-token-aaaaaa"], due.Select(s => s.Metadata.Name));
    }
}
