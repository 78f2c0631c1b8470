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
            Annotations = new Dictionary<string, string> { [PortalTokenMetadata.NodeNameAnnotation] = "node-" + id },
            DeletionTimestamp = deleting ? DateTime.UtcNow : null,
        },
        Type = BootstrapTokenFormat.SecretType,
    };

    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static V1Node Node(string name, DateTimeOffset created) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, CreationTimestamp = created.UtcDateTime },
    };

    private static V1CertificateSigningRequest Csr(string user, bool issued, int minutesAgo = 1) => new()
    {
        Metadata = new V1ObjectMeta { Name = "csr-" + user.GetHashCode(StringComparison.Ordinal), CreationTimestamp = Now.AddMinutes(-minutesAgo).UtcDateTime },
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
        // Every node registered after its CSR: only the kubelet's pick-up decides, not the grace period.
        var nodes = new[] { Node("node-aaaaaa", Now), Node("node-bbbbbb", Now), Node("node-cccccc", Now), Node("node-dddddd", Now) };
        var due = OneTimeTokenReaper.Due(secrets, csrs, nodes, Now);
        Assert.Equal(["bootstrap-token-aaaaaa"], due.Select(s => s.Metadata.Name));
    }

    [Fact]
    public void An_issued_token_is_kept_until_its_kubelet_registered_the_node_so_it_can_still_read_its_certificate()
    {
        var secrets = new[] { Token("aaaaaa", true) };
        var csrs = new[] { Csr("system:bootstrap:aaaaaa", issued: true, minutesAgo: 1) };

        Assert.Empty(OneTimeTokenReaper.Due(secrets, csrs, [], Now));
        // A Node of that name from before this CSR (a re-join) is not proof that the new certificate was picked up.
        Assert.Empty(OneTimeTokenReaper.Due(secrets, csrs, [Node("node-aaaaaa", Now.AddDays(-3))], Now));
        Assert.Single(OneTimeTokenReaper.Due(secrets, csrs, [Node("node-aaaaaa", Now.AddSeconds(-30))], Now));
    }

    [Fact]
    public void Without_a_registration_the_token_goes_after_the_grace_period()
    {
        var secrets = new[] { Token("aaaaaa", true) };
        var old = new[] { Csr("system:bootstrap:aaaaaa", issued: true, minutesAgo: (int)OneTimeTokenReaper.GracePeriod.TotalMinutes + 1) };
        Assert.Single(OneTimeTokenReaper.Due(secrets, old, [], Now));
    }
}
