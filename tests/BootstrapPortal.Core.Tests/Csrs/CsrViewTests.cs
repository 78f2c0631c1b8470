using System.Text;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Tests.Certificates;
using k8s;
using k8s.Models;

namespace BootstrapPortal.Core.Tests.Csrs;

public class CsrViewTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 10, 28, TimeSpan.Zero);

    private static V1CertificateSigningRequest FromVector(string file) =>
        KubernetesJson.Deserialize<V1CertificateSigningRequest>(File.ReadAllText(Vectors.PathOf(file)));

    [Fact]
    public void Pending_reference_vector_shows_the_spec_and_the_decoded_request()
    {
        var view = CsrViews.Create(FromVector("pending.json"), new CsrViewContext(Now));
        Assert.Equal("node-csr-CVwGidabQ7qSGnQzCzFCL3DvKx4T1FSR6zBZaKZkLrI", view.Name);
        Assert.Equal("b3a3d1c2-7f1e-4c55-9a3e-2f9f7f0b6d41", view.ObjectUid);
        Assert.Equal(TimeSpan.FromMinutes(5), view.AgeAt(Now));
        Assert.Equal("kubernetes.io/kube-apiserver-client-kubelet", view.SignerName);
        Assert.Equal("system:bootstrap:abcdef", view.Username);
        Assert.Equal(["system:bootstrappers", "system:bootstrappers:kubeadm:default-node-token", "system:authenticated"], view.Groups);
        Assert.Equal(["digital signature", "client auth"], view.Usages);
        Assert.Null(view.ExpirationSeconds);
        Assert.Equal(CsrState.Pending, view.State);
        Assert.Equal("Pending", view.ConditionText);
        Assert.Equal("system:node:worker-1", view.CommonName);
        Assert.Equal("worker-1", view.NodeName);
        Assert.Equal(["system:nodes"], view.Organizations);
        Assert.True(view.SubjectAlternativeNames.IsEmpty);
        Assert.NotNull(view.Request);
        Assert.True(view.Request.SignatureValid);
        Assert.Equal("EC P-256", view.Request.PublicKey.Description);
        Assert.Null(view.RequestError);
        Assert.StartsWith("-----BEGIN CERTIFICATE REQUEST-----", view.RequestPem, StringComparison.Ordinal);
        Assert.Null(view.Certificate);
        Assert.Null(view.ChainsToClusterCa);
        Assert.Empty(view.Conditions);
    }

    [Fact]
    public void Issued_reference_vector_shows_the_certificate_and_that_it_chains_to_the_cluster_ca()
    {
        var ca = File.ReadAllText(Vectors.PathOf("ca.crt"));
        var view = CsrViews.Create(FromVector("issued.json"), new CsrViewContext(Now, ca));
        Assert.Equal(CsrState.Issued, view.State);
        Assert.Equal("Approved,Issued", view.ConditionText);
        Assert.NotNull(view.Certificate);
        Assert.Equal(new DateTimeOffset(2027, 3, 2, 12, 0, 30, TimeSpan.Zero), view.CertificateNotAfter);
        Assert.Equal(view.CertificateNotAfter - Now, view.CertificateTimeLeftAt(Now));
        Assert.True(view.ChainsToClusterCa);
        var condition = Assert.Single(view.Conditions);
        Assert.Equal(("Approved", "True", "AutoApproved"), (condition.Type, condition.Status, condition.Reason));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 12, 5, 30, TimeSpan.Zero), condition.LastUpdateTime);
    }

    [Fact]
    public void A_certificate_from_another_ca_does_not_chain()
    {
        var otherCa = Encoding.ASCII.GetString(TestCertificates.SelfSignedCaPem());
        var view = CsrViews.Create(FromVector("issued.json"), new CsrViewContext(Now, otherCa));
        Assert.False(view.ChainsToClusterCa);
    }

    public static TheoryData<string, byte[]?, string> MalformedRequests => new()
    {
        { "null", null, "spec.request is empty" },
        { "empty", [], "spec.request is empty" },
        { "garbage", Encoding.ASCII.GetBytes("not a pem"), "" },
        { "wrong type", Encoding.ASCII.GetBytes("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"), "" },
        { "binary", [0xff, 0xfe, 0x00, 0x30, 0x82], "" },
        { "truncated der", Encoding.ASCII.GetBytes("-----BEGIN CERTIFICATE REQUEST-----\nMIIBIjANBgkqhkiG9w0BAQ==\n-----END CERTIFICATE REQUEST-----\n"), "" },
    };

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public void Malformed_requests_become_an_error_field_with_the_reason(string label, byte[]? request, string expectedError)
    {
        var csr = TestCsrs.Csr("csr-" + label.Replace(' ', '-'), request!, TestCsrs.ClientSigner, "system:bootstrap:abcdef", TestCsrs.BootstrapGroups);
        var view = CsrViews.Create(csr, new CsrViewContext(Now));
        Assert.Null(view.Request);
        Assert.False(string.IsNullOrWhiteSpace(view.RequestError));
        if (expectedError.Length > 0)
        {
            Assert.Equal(expectedError, view.RequestError);
        }

        Assert.Null(view.CommonName);
        Assert.True(view.SubjectAlternativeNames.IsEmpty);
        Assert.Equal(CsrVerdictResult.Fail, CsrVerdicts.Evaluate(view, VerdictTestContext.Empty).Result);
    }

    [Fact]
    public void Undecodable_certificate_is_reported_not_thrown()
    {
        var csr = TestCsrs.Bootstrap("worker-9");
        csr.Status = new V1CertificateSigningRequestStatus
        {
            Certificate = Encoding.ASCII.GetBytes("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
            Conditions = [new V1CertificateSigningRequestCondition { Type = "Approved", Status = "True" }],
        };
        var view = CsrViews.Create(csr, new CsrViewContext(Now));
        Assert.Equal(CsrState.Issued, view.State);
        Assert.Null(view.Certificate);
        Assert.False(string.IsNullOrWhiteSpace(view.CertificateError));
    }

    [Fact]
    public void An_object_without_metadata_spec_or_status_still_builds()
    {
        var view = CsrViews.Create(new V1CertificateSigningRequest(), new CsrViewContext(Now));
        Assert.Equal(string.Empty, view.Name);
        Assert.Null(view.AgeAt(Now));
        Assert.Equal(CsrState.Pending, view.State);
        Assert.Equal("spec.request is empty", view.RequestError);
    }

    [Fact]
    public void Sans_extra_and_expiration_are_carried_and_html_stays_verbatim_text()
    {
        var request = TestCsrs.RequestPem("<script>alert(1)</script>", dns: ["worker-1.example"], ips: ["10.0.0.5", "fd00::5"],
            emails: ["a@example.com"], uris: ["spiffe://cluster/node"]);
        var csr = TestCsrs.Csr("csr-sans", request, TestCsrs.ServingSigner, "system:node:worker-1", TestCsrs.NodeGroups, expirationSeconds: 3600);
        csr.Spec.Extra = new Dictionary<string, IList<string>> { ["authentication.kubernetes.io/credential-id"] = ["X509SHA256=ab"] };
        var view = CsrViews.Create(csr, new CsrViewContext(Now));
        Assert.Equal("<script>alert(1)</script>", view.CommonName);
        Assert.Null(view.NodeName);
        Assert.Equal(["worker-1.example"], view.SubjectAlternativeNames.DnsNames);
        Assert.Equal(["10.0.0.5", "fd00::5"], view.SubjectAlternativeNames.IpAddresses);
        Assert.Equal(["a@example.com"], view.SubjectAlternativeNames.EmailAddresses);
        Assert.Equal(["spiffe://cluster/node"], view.SubjectAlternativeNames.Uris);
        Assert.Equal(3600, view.ExpirationSeconds);
        Assert.Equal(["X509SHA256=ab"], view.Extra["authentication.kubernetes.io/credential-id"]);
    }

    [Theory]
    [InlineData("Denied", "Denied")]
    [InlineData("Approved", "Approved")]
    [InlineData("Failed", "Pending,Failed")]
    public void Condition_text_follows_kubectl(string type, string expected)
    {
        var csr = TestCsrs.Bootstrap("worker-1");
        csr.Status.Conditions = [new V1CertificateSigningRequestCondition { Type = type, Status = "True" }];
        Assert.Equal(expected, CsrViews.Create(csr, new CsrViewContext(Now)).ConditionText);
    }
}
