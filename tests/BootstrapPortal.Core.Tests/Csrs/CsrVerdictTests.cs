using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Rbac;
using k8s.Models;

namespace BootstrapPortal.Core.Tests.Csrs;

public class CsrVerdictTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 10, 0, TimeSpan.Zero);

    private static readonly V1Node Worker1 = TestCsrs.Node("worker-1", ("InternalIP", "10.0.0.5"), ("Hostname", "worker-1"), ("InternalDNS", "worker-1.cluster.local"));

    private static CsrVerdict Judge(V1CertificateSigningRequest csr, CsrVerdictContext? context = null) =>
        CsrVerdicts.Evaluate(CsrViews.Create(csr, new CsrViewContext(Now)), context ?? VerdictTestContext.With(Worker1));

    private static string[] Codes(CsrVerdict verdict, CsrFindingSeverity severity) =>
        [.. verdict.Findings.Where(f => f.Severity == severity).Select(f => f.Code)];

    public static TheoryData<string, V1CertificateSigningRequest, CsrVerdictResult, string[]> Cases => new()
    {
        // name, CSR, expected result, expected Fail/Warn codes (Info ignored)
        { "bootstrap for a new node", TestCsrs.Bootstrap("worker-2"), CsrVerdictResult.Pass, [] },
        { "node takeover", TestCsrs.Bootstrap("worker-1"), CsrVerdictResult.Fail, ["node-takeover"] },
        {
            "renewal", TestCsrs.Csr("r", TestCsrs.RequestPem("system:node:worker-1"), TestCsrs.ClientSigner, "system:node:worker-1", TestCsrs.NodeGroups),
            CsrVerdictResult.Pass, []
        },
        {
            "renewal CN mismatch", TestCsrs.Csr("r", TestCsrs.RequestPem("system:node:worker-7"), TestCsrs.ClientSigner, "system:node:worker-1", TestCsrs.NodeGroups),
            CsrVerdictResult.Fail, ["renewal-cn-mismatch", "auto-approval-denied"]
        },
        {
            "wrong O", TestCsrs.Csr("o", TestCsrs.RequestPem("system:node:worker-2", ["system:masters"]), TestCsrs.ClientSigner, "system:bootstrap:abcdef", TestCsrs.BootstrapGroups),
            CsrVerdictResult.Fail, ["organization"]
        },
        {
            "two Os", TestCsrs.Csr("o2", TestCsrs.RequestPem("system:node:worker-2", ["system:nodes", "system:masters"]), TestCsrs.ClientSigner, "system:bootstrap:abcdef", TestCsrs.BootstrapGroups),
            CsrVerdictResult.Fail, ["organization"]
        },
        {
            "CN without prefix", TestCsrs.Csr("cn", TestCsrs.RequestPem("worker-2"), TestCsrs.ClientSigner, "system:bootstrap:abcdef", TestCsrs.BootstrapGroups),
            CsrVerdictResult.Fail, ["common-name"]
        },
        {
            "client usages not exact", TestCsrs.Csr("u", TestCsrs.RequestPem("system:node:worker-2"), TestCsrs.ClientSigner, "system:bootstrap:abcdef", TestCsrs.BootstrapGroups, ["digital signature", "client auth", "server auth"]),
            CsrVerdictResult.Fail, ["usages"]
        },
        {
            "client RSA usages", TestCsrs.Csr("rsa", TestCsrs.RequestPem("system:node:worker-2", rsa: true), TestCsrs.ClientSigner, "system:bootstrap:abcdef", TestCsrs.BootstrapGroups, ["digital signature", "key encipherment", "client auth"]),
            CsrVerdictResult.Pass, []
        },
        {
            "client with IP SAN", TestCsrs.Csr("ip", TestCsrs.RequestPem("system:node:worker-2", ips: ["10.0.0.9"]), TestCsrs.ClientSigner, "system:bootstrap:abcdef", TestCsrs.BootstrapGroups),
            CsrVerdictResult.Fail, ["client-has-sans"]
        },
        { "serving inside addresses", TestCsrs.Serving("worker-1", ["10.0.0.5"], ["worker-1", "worker-1.cluster.local"]), CsrVerdictResult.Pass, [] },
        { "serving IP outside addresses", TestCsrs.Serving("worker-1", ["10.0.0.5", "10.9.9.9"]), CsrVerdictResult.Fail, ["san-outside-node"] },
        { "serving DNS outside addresses", TestCsrs.Serving("worker-1", ["10.0.0.5"], ["kubernetes.default"]), CsrVerdictResult.Fail, ["san-outside-node"] },
        { "serving for an unregistered node", TestCsrs.Serving("worker-3"), CsrVerdictResult.Warn, ["node-unknown"] },
        {
            "serving requested by another node", TestCsrs.Csr("s", TestCsrs.RequestPem("system:node:worker-1", ips: ["10.0.0.5"]), TestCsrs.ServingSigner, "system:node:worker-2", TestCsrs.NodeGroups),
            CsrVerdictResult.Fail, ["serving-requester"]
        },
        {
            "serving without SANs", TestCsrs.Csr("s0", TestCsrs.RequestPem("system:node:worker-1"), TestCsrs.ServingSigner, "system:node:worker-1", TestCsrs.NodeGroups),
            CsrVerdictResult.Fail, ["serving-no-sans"]
        },
        {
            "email SAN", TestCsrs.Csr("e", TestCsrs.RequestPem("system:node:worker-1", ips: ["10.0.0.5"], emails: ["root@example.com"]), TestCsrs.ServingSigner, "system:node:worker-1", TestCsrs.NodeGroups),
            CsrVerdictResult.Fail, ["email-sans"]
        },
        {
            "URI SAN", TestCsrs.Csr("uri", TestCsrs.RequestPem("system:node:worker-1", ips: ["10.0.0.5"], uris: ["spiffe://x/y"]), TestCsrs.ServingSigner, "system:node:worker-1", TestCsrs.NodeGroups),
            CsrVerdictResult.Fail, ["uri-sans"]
        },
        {
            "lifetime too long", TestCsrs.Csr("l", TestCsrs.RequestPem("system:node:worker-2"), TestCsrs.ClientSigner, "system:bootstrap:abcdef", TestCsrs.BootstrapGroups, expirationSeconds: 400 * 86400),
            CsrVerdictResult.Fail, ["lifetime-too-long"]
        },
        {
            "lifetime within limit", TestCsrs.Csr("l2", TestCsrs.RequestPem("system:node:worker-2"), TestCsrs.ClientSigner, "system:bootstrap:abcdef", TestCsrs.BootstrapGroups, expirationSeconds: 86400),
            CsrVerdictResult.Pass, []
        },
        {
            "apiserver client asking for system:masters", TestCsrs.Csr("m", TestCsrs.RequestPem("eve", ["system:masters"]), "kubernetes.io/kube-apiserver-client", "eve", ["system:authenticated"]),
            CsrVerdictResult.Fail, ["masters-group"]
        },
        {
            "apiserver client with server auth", TestCsrs.Csr("m2", TestCsrs.RequestPem("alice", ["dev"]), "kubernetes.io/kube-apiserver-client", "alice", ["system:authenticated"], ["client auth", "server auth"]),
            CsrVerdictResult.Fail, ["usages"]
        },
        {
            "custom signer", TestCsrs.Csr("c", TestCsrs.RequestPem("thing", ["x"]), "example.com/signer", "alice", ["system:authenticated"], ["digital signature"]),
            CsrVerdictResult.Warn, ["unknown-signer"]
        },
        {
            "kubelet client from an ordinary user", TestCsrs.Csr("a", TestCsrs.RequestPem("system:node:worker-2"), TestCsrs.ClientSigner, "alice", ["system:authenticated"]),
            CsrVerdictResult.Warn, ["unusual-requester", "auto-approval-denied"]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verdict_table(string label, V1CertificateSigningRequest csr, CsrVerdictResult expected, string[] codes)
    {
        var verdict = Judge(csr);
        var problems = Codes(verdict, CsrFindingSeverity.Fail).Concat(Codes(verdict, CsrFindingSeverity.Warn)).Distinct().ToArray();
        Assert.True(expected == verdict.Result, $"{label}: expected {expected}, got {verdict.Result}: {string.Join(" | ", verdict.Reasons)}");
        Assert.Equal(codes.Order(), problems.Order());
        Assert.All(verdict.Reasons, r => Assert.False(string.IsNullOrWhiteSpace(r)));
    }

    [Fact]
    public void Bootstrap_with_the_autoapprove_binding_is_predicted_as_auto_approved_with_the_rbac_reason()
    {
        var verdict = Judge(TestCsrs.Bootstrap("worker-2"));
        Assert.True(verdict.AutoApproval.WouldAutoApprove);
        Assert.Equal(["nodeclient"], verdict.AutoApproval.RecognizedAs);
        Assert.Equal(
            "RBAC: allowed by ClusterRoleBinding \"kubeadm:node-autoapprove-bootstrap\" of ClusterRole \"system:certificates.k8s.io:certificatesigningrequests:nodeclient\" to Group \"system:bootstrappers:kubeadm:default-node-token\"",
            verdict.AutoApproval.RbacReason);
    }

    [Fact]
    public void Renewal_is_recognised_as_selfnodeclient_first()
    {
        var csr = TestCsrs.Csr("r", TestCsrs.RequestPem("system:node:worker-1"), TestCsrs.ClientSigner, "system:node:worker-1", TestCsrs.NodeGroups);
        var verdict = Judge(csr);
        Assert.Equal(["selfnodeclient", "nodeclient"], verdict.AutoApproval.RecognizedAs);
        Assert.Equal("selfnodeclient", verdict.AutoApproval.ApprovedBy);
    }

    [Fact]
    public void Recognised_but_rbac_denies_is_a_warning()
    {
        var context = new CsrVerdictContext([], RbacPolicy.Empty, TimeSpan.FromDays(365));
        var verdict = Judge(TestCsrs.Bootstrap("worker-2"), context);
        Assert.False(verdict.AutoApproval.WouldAutoApprove);
        Assert.Equal(CsrVerdictResult.Warn, verdict.Result);
        Assert.Contains(verdict.Findings, f => f.Code == "auto-approval-denied" && f.Message.Contains("nodeclient", StringComparison.Ordinal));
    }

    [Fact]
    public void Serving_is_never_predicted_as_auto_approved()
    {
        var verdict = Judge(TestCsrs.Serving("worker-1"));
        Assert.False(verdict.AutoApproval.WouldAutoApprove);
        Assert.Empty(verdict.AutoApproval.RecognizedAs);
        Assert.Contains("never auto-approves", verdict.AutoApproval.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Node_takeover_reason_names_the_node_and_the_token()
    {
        var verdict = Judge(TestCsrs.Bootstrap("worker-1"));
        var reason = Assert.Single(verdict.FailReasons);
        Assert.Contains("system:bootstrap:abcdef", reason, StringComparison.Ordinal);
        Assert.Contains("\"worker-1\"", reason, StringComparison.Ordinal);
        Assert.Contains("node takeover", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Recognisers_match_csrapproving_order_and_rules()
    {
        var facts = CsrVerdicts.ToFacts(CsrViews.Create(TestCsrs.Bootstrap("w"), new CsrViewContext(Now)).Request!);
        Assert.Equal(["nodeclient"], KubeletCsrRecognizers.Match(TestCsrs.ClientSigner, "system:bootstrap:abcdef", facts, TestCsrs.ClientUsages).Select(r => r.Subresource));
        Assert.Equal(["selfnodeclient", "nodeclient"], KubeletCsrRecognizers.Match(TestCsrs.ClientSigner, "system:node:w", facts, TestCsrs.ClientUsages).Select(r => r.Subresource));
        Assert.Empty(KubeletCsrRecognizers.Match(TestCsrs.ServingSigner, "system:node:w", facts, TestCsrs.ClientUsages));
        Assert.Empty(KubeletCsrRecognizers.Match(TestCsrs.ClientSigner, "system:node:w", facts, ["client auth", "server auth", "digital signature"]));
    }
}
