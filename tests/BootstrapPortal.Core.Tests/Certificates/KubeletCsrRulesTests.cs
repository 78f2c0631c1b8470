using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using BootstrapPortal.Core.Certificates;

namespace BootstrapPortal.Core.Tests.Certificates;

public sealed class KubeletCsrRulesTests
{
    // Vectors/node.csr (the worked example): O=system:nodes, CN=system:node:worker-1, P-256, no SANs.
    private const string WorkedExampleCsrBase64 = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0KTUlIeE1JR1lBZ0VBTURZeEZUQVRCZ05WQkFvTURITjVjM1JsYlRwdWIyUmxjekVkTUJzR0ExVUVBd3dVYzNsegpkR1Z0T201dlpHVTZkMjl5YTJWeUxURXdXVEFUQmdjcWhrak9QUUlCQmdncWhrak9QUU1CQndOQ0FBUWhLb1lUCnhPWmhWVlIrTVZ0Y01QVDkxQTVNaE5SWkxnZ010SkNkdEV2R21UeGtQbi9tWklNZnJWYTlQL0JoQW9nOUREL3EKYWVIa09wdUthd0RoZEN4V29BQXdDZ1lJS29aSXpqMEVBd0lEU0FBd1JRSWdVVEJLRWcrK2xFMktxZGNkSDhrNAo3RmJQczdseEtjRWY0RnliV05CTjVvUUNJUURwcEZUNThDaHRRWDZjL1l6THgxY0JIeGtWU3VSVmJ1REpRN0hMCm1ISUdJdz09Ci0tLS0tRU5EIENFUlRJRklDQVRFIFJFUVVFU1QtLS0tLQo=";

    private static readonly string[] NoRsaClientUsages = ["digital signature", "client auth"];

    private static CertificateRequestFacts Parse(string pem)
    {
        Assert.True(CertificateRequestFactsReader.TryRead(Encoding.ASCII.GetBytes(pem), out var facts, out var error), error);
        return facts!;
    }

    private static string MakeCsr(IEnumerable<string> organizations, string commonName, Action<SubjectAlternativeNameBuilder>? sans = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        foreach (var o in organizations)
        {
            subject.AddOrganizationName(o);
        }

        subject.AddCommonName(commonName);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        if (sans is not null)
        {
            var builder = new SubjectAlternativeNameBuilder();
            sans(builder);
            request.CertificateExtensions.Add(builder.Build());
        }

        return request.CreateSigningRequestPem();
    }

    [Fact]
    public void Worked_example_is_a_node_client_csr_and_self_only_for_its_node()
    {
        var facts = Parse(Encoding.ASCII.GetString(Convert.FromBase64String(WorkedExampleCsrBase64)));
        Assert.Equal("system:node:worker-1", facts.CommonName);
        Assert.Equal(["system:nodes"], facts.Organizations);
        Assert.True(KubeletCsrRules.IsNodeClientCert(KubernetesSignerNames.KubeApiServerClientKubelet, facts, NoRsaClientUsages));
        Assert.False(KubeletCsrRules.IsSelfNodeClientCert(KubernetesSignerNames.KubeApiServerClientKubelet, "system:bootstrap:abcdef", facts, NoRsaClientUsages));
        Assert.True(KubeletCsrRules.IsSelfNodeClientCert(KubernetesSignerNames.KubeApiServerClientKubelet, "system:node:worker-1", facts, NoRsaClientUsages));
        Assert.False(KubeletCsrRules.IsNodeClientCert(KubernetesSignerNames.KubeletServing, facts, NoRsaClientUsages));
    }

    [Theory]
    [InlineData(new[] { "digital signature", "client auth" }, null)]
    [InlineData(new[] { "client auth", "key encipherment", "digital signature" }, null)]
    [InlineData(new[] { "client auth" }, "usages did not match [client auth digital signature key encipherment]")]
    [InlineData(new[] { "digital signature", "client auth", "server auth" }, "usages did not match [client auth digital signature key encipherment]")]
    public void Kubelet_client_usage_sets(string[] usages, string? expected)
    {
        var facts = Parse(MakeCsr(["system:nodes"], "system:node:n1"));
        Assert.Equal(expected, KubeletCsrRules.ValidateKubeletClient(facts, usages));
    }

    [Fact]
    public void Kubelet_client_subject_and_san_rules_in_upstream_order()
    {
        Assert.Equal("subject organization is not system:nodes",
            KubeletCsrRules.ValidateKubeletClient(Parse(MakeCsr(["system:nodes", "extra"], "system:node:n1")), NoRsaClientUsages));
        Assert.Equal("subject organization is not system:nodes",
            KubeletCsrRules.ValidateKubeletClient(Parse(MakeCsr([], "system:node:n1")), NoRsaClientUsages));
        Assert.Equal("DNS subjectAltNames are not allowed",
            KubeletCsrRules.ValidateKubeletClient(Parse(MakeCsr(["system:nodes"], "system:node:n1", b => b.AddDnsName("n1"))), NoRsaClientUsages));
        Assert.Equal("Email subjectAltNames are not allowed",
            KubeletCsrRules.ValidateKubeletClient(Parse(MakeCsr(["system:nodes"], "system:node:n1", b => b.AddEmailAddress("a@b.c"))), NoRsaClientUsages));
        Assert.Equal("IP subjectAltNames are not allowed",
            KubeletCsrRules.ValidateKubeletClient(Parse(MakeCsr(["system:nodes"], "system:node:n1", b => b.AddIpAddress(IPAddress.Parse("10.0.0.1")))), NoRsaClientUsages));
        Assert.Equal("URI subjectAltNames are not allowed",
            KubeletCsrRules.ValidateKubeletClient(Parse(MakeCsr(["system:nodes"], "system:node:n1", b => b.AddUri(new Uri("spiffe://x/y")))), NoRsaClientUsages));
        Assert.Equal("subject common name does not begin with system:node:",
            KubeletCsrRules.ValidateKubeletClient(Parse(MakeCsr(["system:nodes"], "node:n1")), NoRsaClientUsages));
    }

    [Fact]
    public void Kubelet_serving_rules()
    {
        string[] serving = ["digital signature", "server auth"];
        var good = Parse(MakeCsr(["system:nodes"], "system:node:n1", b => { b.AddDnsName("n1"); b.AddIpAddress(IPAddress.Parse("10.0.0.11")); }));
        Assert.Null(KubeletCsrRules.ValidateKubeletServing(good, serving));
        Assert.Null(KubeletCsrRules.ValidateKubeletServing(good, ["key encipherment", "digital signature", "server auth"]));
        Assert.Equal(["n1"], good.DnsNames);
        Assert.Equal(["10.0.0.11"], good.IpAddresses);
        Assert.Equal("DNS or IP subjectAltName is required",
            KubeletCsrRules.ValidateKubeletServing(Parse(MakeCsr(["system:nodes"], "system:node:n1")), serving));
        Assert.Equal("usages did not match [digital signature key encipherment server auth]",
            KubeletCsrRules.ValidateKubeletServing(good, NoRsaClientUsages));
        Assert.Equal("subject common name does not begin with system:node:",
            KubeletCsrRules.ValidateKubeletServing(Parse(MakeCsr(["system:nodes"], "n1", b => b.AddDnsName("n1"))), serving));
        Assert.False(KubeletCsrRules.IsNodeClientCert(KubernetesSignerNames.KubeApiServerClientKubelet, good, serving));
    }

    [Theory]
    [InlineData(new[] { "client auth" }, null)]
    [InlineData(new[] { "digital signature", "key encipherment", "client auth" }, null)]
    [InlineData(new[] { "digital signature" }, "missing required usage for client certificate: client auth")]
    [InlineData(new[] { "client auth", "server auth" }, "invalid usage for client certificate: server auth")]
    public void Kube_apiserver_client_usages(string[] usages, string? expected) =>
        Assert.Equal(expected, KubeletCsrRules.ValidateKubeApiServerClient(usages));

    [Theory]
    [InlineData("")]
    [InlineData("not pem")]
    [InlineData("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")]
    [InlineData("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n")]
    public void Malformed_requests_are_reported_not_thrown(string pem)
    {
        Assert.False(CertificateRequestFactsReader.TryRead(Encoding.ASCII.GetBytes(pem), out var facts, out var error));
        Assert.Null(facts);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Tampered_signature_is_rejected()
    {
        var der = Convert.FromBase64String(string.Concat(MakeCsr(["system:nodes"], "system:node:n1").Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal))));
        der[^3] ^= 0x01;
        var pem = PemEncoding.WriteString("CERTIFICATE REQUEST", der);
        Assert.False(CertificateRequestFactsReader.TryRead(Encoding.ASCII.GetBytes(pem), out _, out _));
    }

    [Fact]
    public void Usages_map_to_key_usage_and_sorted_extended_key_usages()
    {
        Assert.True(KubernetesKeyUsages.TryMap(["client auth", "digital signature", "server auth", "key encipherment"], out var ku, out var ekus, out _));
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, ku);
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], ekus.Select(o => o.Value));
        Assert.False(KubernetesKeyUsages.TryMap(["client auth", "bogus"], out _, out _, out var error));
        Assert.Equal("unrecognized usage values: [\"bogus\"]", error);
    }
}
