using System.Globalization;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Core.Text;
using k8s.Models;

namespace BootstrapPortal.Core.Tests.Csrs;

/// <summary>The verdict table: every rule in both directions (what must pass does, what must fail does, with the reason).</summary>
public class CsrVerdictTests
{
    private const string ApiServerClient = "kubernetes.io/kube-apiserver-client";
    private static readonly string[] ClientUsages = ["digital signature", "client auth"];
    private static readonly string[] HumanGroups = ["system:authenticated"];

    private static readonly V1Node Worker1 = TestCsrs.Node("worker-1", ("InternalIP", "10.0.0.5"), ("Hostname", "worker-1"), ("InternalDNS", "worker-1.cluster.local"));

    private static CsrVerdict Judge(V1CertificateSigningRequest csr, CsrVerdictContext? context = null) =>
        CsrVerdicts.Evaluate(CsrViews.Create(csr, new CsrViewContext(VerdictTestContext.Now)), context ?? VerdictTestContext.With(Worker1));

    private static string[] Problems(CsrVerdict verdict) => [.. verdict.Problems.Select(c => c.Id).Distinct()];

    private static V1CertificateSigningRequest Client(string commonName, string[] organizations, string username, string[] groups, string signer = ApiServerClient) =>
        TestCsrs.Csr("c", TestCsrs.RequestPem(commonName, organizations), signer, username, groups, ClientUsages);

    public static TheoryData<string, V1CertificateSigningRequest, CsrVerdictResult, string[]> Cases => new()
    {
        // name, CSR, expected result, expected Fail/Warn check ids (Pass and Info are listed too, but not asserted here)
        { "bootstrap for a new node", TestCsrs.Bootstrap("worker-2"), CsrVerdictResult.Pass, [] },
        { "bootstrap for a node that exists and reports (takeover)", TestCsrs.Bootstrap("worker-1"), CsrVerdictResult.Fail, ["node-takeover"] },
        {
            "renewal", TestCsrs.Csr("r", TestCsrs.RequestPem("system:node:worker-1"), TestCsrs.ClientSigner, "system:node:worker-1", TestCsrs.NodeGroups),
            CsrVerdictResult.Pass, []
        },
        {
            "renewal CN mismatch", TestCsrs.Csr("r", TestCsrs.RequestPem("system:node:worker-7"), TestCsrs.ClientSigner, "system:node:worker-1", TestCsrs.NodeGroups),
            CsrVerdictResult.Fail, ["requester", "auto-approval"]
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
            CsrVerdictResult.Fail, ["sans"]
        },
        { "serving inside addresses", TestCsrs.Serving("worker-1", ["10.0.0.5"], ["worker-1", "worker-1.cluster.local"]), CsrVerdictResult.Pass, [] },
        { "serving IP outside addresses", TestCsrs.Serving("worker-1", ["10.0.0.5", "10.9.9.9"]), CsrVerdictResult.Fail, ["sans-in-node-addresses"] },
        { "serving DNS outside addresses", TestCsrs.Serving("worker-1", ["10.0.0.5"], ["kubernetes.default"]), CsrVerdictResult.Fail, ["sans-in-node-addresses"] },
        { "serving for an unregistered node", TestCsrs.Serving("worker-3"), CsrVerdictResult.Fail, ["node-registered"] },
        {
            "serving requested by another node", TestCsrs.Csr("s", TestCsrs.RequestPem("system:node:worker-1", ips: ["10.0.0.5"]), TestCsrs.ServingSigner, "system:node:worker-2", TestCsrs.NodeGroups),
            CsrVerdictResult.Fail, ["requester"]
        },
        {
            "serving without SANs", TestCsrs.Csr("s0", TestCsrs.RequestPem("system:node:worker-1"), TestCsrs.ServingSigner, "system:node:worker-1", TestCsrs.NodeGroups),
            CsrVerdictResult.Fail, ["sans"]
        },
        {
            "email SAN", TestCsrs.Csr("e", TestCsrs.RequestPem("system:node:worker-1", ips: ["10.0.0.5"], emails: ["root@example.com"]), TestCsrs.ServingSigner, "system:node:worker-1", TestCsrs.NodeGroups),
            CsrVerdictResult.Fail, ["sans"]
        },
        {
            "URI SAN", TestCsrs.Csr("uri", TestCsrs.RequestPem("system:node:worker-1", ips: ["10.0.0.5"], uris: ["spiffe://x/y"]), TestCsrs.ServingSigner, "system:node:worker-1", TestCsrs.NodeGroups),
            CsrVerdictResult.Fail, ["sans"]
        },
        {
            "lifetime too long", TestCsrs.Csr("l", TestCsrs.RequestPem("system:node:worker-2"), TestCsrs.ClientSigner, "system:bootstrap:abcdef", TestCsrs.BootstrapGroups, expirationSeconds: 400 * 86400),
            CsrVerdictResult.Fail, ["lifetime"]
        },
        {
            "lifetime within limit", TestCsrs.Csr("l2", TestCsrs.RequestPem("system:node:worker-2"), TestCsrs.ClientSigner, "system:bootstrap:abcdef", TestCsrs.BootstrapGroups, expirationSeconds: 86400),
            CsrVerdictResult.Pass, []
        },
        {
            "apiserver client with server auth", TestCsrs.Csr("m2", TestCsrs.RequestPem("alice", ["dev"]), ApiServerClient, "alice", HumanGroups, ["client auth", "server auth"]),
            CsrVerdictResult.Fail, ["usages"]
        },
        {
            "custom signer", TestCsrs.Csr("c", TestCsrs.RequestPem("thing", ["x"]), "example.com/signer", "alice", HumanGroups, ["digital signature"]),
            CsrVerdictResult.Warn, ["signer"]
        },
        {
            "kubelet client from an ordinary user", TestCsrs.Csr("a", TestCsrs.RequestPem("system:node:worker-2"), TestCsrs.ClientSigner, "alice", HumanGroups),
            CsrVerdictResult.Warn, ["requester", "auto-approval"]
        },
        {
            "kubelet client from an ordinary user for a node that exists", TestCsrs.Csr("a", TestCsrs.RequestPem("system:node:worker-1"), TestCsrs.ClientSigner, "alice", HumanGroups),
            CsrVerdictResult.Fail, ["requester", "node-takeover", "auto-approval"]
        },

        // Identity claims on kube-apiserver-client (and any signer other than the kubelet ones).
        { "a person asks for their own name", Client("alice", [], "alice", HumanGroups), CsrVerdictResult.Pass, [] },
        { "a person asks for a new name in a new group", Client("ci-robot", ["ci"], "alice", HumanGroups), CsrVerdictResult.Pass, [] },
        {
            "bootstrap token asks for a service account", Client("system:serviceaccount:kube-system:certificate-controller", [], "system:bootstrap:abcdef", TestCsrs.BootstrapGroups),
            CsrVerdictResult.Fail, ["requester", "common-name"]
        },
        {
            "bootstrap token asks for a node with O system:nodes", Client("system:node:sandbox-node-3", ["system:nodes"], "system:bootstrap:abcdef", TestCsrs.BootstrapGroups),
            CsrVerdictResult.Fail, ["requester", "common-name", "organization"]
        },
        {
            "bootstrap token asks for kube-controller-manager", Client("system:kube-controller-manager", [], "system:bootstrap:abcdef", TestCsrs.BootstrapGroups),
            CsrVerdictResult.Fail, ["requester", "common-name"]
        },
        { "a person asks for a service account", Client("system:serviceaccount:kube-system:default", [], "alice", HumanGroups), CsrVerdictResult.Fail, ["common-name"] },
        { "a person asks for a node", Client("system:node:worker-1", [], "alice", HumanGroups), CsrVerdictResult.Fail, ["common-name"] },
        { "a person asks for system:admin", Client("system:admin", [], "alice", HumanGroups), CsrVerdictResult.Fail, ["common-name"] },
        { "a person asks for kube-scheduler", Client("system:kube-scheduler", [], "alice", HumanGroups), CsrVerdictResult.Fail, ["common-name"] },
        { "a person asks for any system: name", Client("system:monitoring-agent", [], "alice", HumanGroups), CsrVerdictResult.Fail, ["common-name"] },
        { "O system:masters", Client("eve", ["system:masters"], "eve", HumanGroups), CsrVerdictResult.Fail, ["organization"] },
        { "O system:nodes", Client("eve", ["system:nodes"], "eve", HumanGroups), CsrVerdictResult.Fail, ["organization"] },
        { "O a bootstrappers group", Client("eve", ["system:bootstrappers:kubeadm:default-node-token"], "eve", HumanGroups), CsrVerdictResult.Fail, ["organization"] },
        { "O system:serviceaccounts", Client("eve", ["system:serviceaccounts:kube-system"], "eve", HumanGroups), CsrVerdictResult.Fail, ["organization"] },
        { "O system:authenticated", Client("eve", ["system:authenticated"], "eve", HumanGroups), CsrVerdictResult.Fail, ["organization"] },
        {
            "a node asks kube-apiserver-client for anything", Client("bob-tools", [], "system:node:worker-1", TestCsrs.NodeGroups),
            CsrVerdictResult.Fail, ["requester"]
        },
        {
            "a bootstrap token asks a custom signer", Client("thing", [], "system:bootstrap:abcdef", TestCsrs.BootstrapGroups, "example.com/signer"),
            CsrVerdictResult.Fail, ["signer", "requester"]
        },
        { "a custom signer asked for system:admin", Client("system:admin", [], "alice", HumanGroups, "example.com/signer"), CsrVerdictResult.Fail, ["signer", "common-name"] },
        { "CN of a person RBAC grants roles to", Client("bob", [], "alice", HumanGroups), CsrVerdictResult.Warn, ["common-name"] },
        { "that person asks for their own name", Client("bob", [], "bob", HumanGroups), CsrVerdictResult.Pass, [] },
        { "O of a group RBAC grants roles to, requester not in it", Client("ci-robot", ["dev-team"], "alice", HumanGroups), CsrVerdictResult.Warn, ["organization"] },
        { "O of a group RBAC grants roles to, requester in it", Client("ci-robot", ["dev-team"], "alice", ["dev-team", "system:authenticated"]), CsrVerdictResult.Pass, [] },
        { "no common name", Client(string.Empty, ["ci"], "alice", HumanGroups), CsrVerdictResult.Warn, ["common-name"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verdict_table(string label, V1CertificateSigningRequest csr, CsrVerdictResult expected, string[] problems)
    {
        var verdict = Judge(csr);
        Assert.True(expected == verdict.Result, $"{label}: expected {expected}, got {verdict.Result}: {string.Join(" | ", verdict.Reasons)}");
        Assert.Equal(problems.Order(), Problems(verdict).Order());
        Assert.All(verdict.Checks, c => Assert.False(string.IsNullOrWhiteSpace(c.Message)));
        Assert.All(verdict.Checks, c => Assert.Contains(c.Id, AllIds));
        Assert.All(verdict.Checks, c =>
        {
            // One snapshot serves every reader: each check renders in Chinese for a Chinese reader, English by ToString().
            var chinese = Localizer.Localize(c.Text, Chinese);
            Assert.True(chinese.Any(ch => ch is >= '\u4e00' and <= '\u9fff'), $"{label}: [{c.Id}] {chinese}");
            Assert.Equal(c.Message, c.Text.ToString());
        });
    }

    private static readonly PortalTextLocalizer Localizer = new();
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-Hans");

    private static readonly string[] AllIds = [.. typeof(CsrCheckIds).GetFields().Select(f => (string)f.GetValue(null)!)];

    [Fact]
    public void A_verdict_lists_the_checks_that_passed_as_well_as_those_that_did_not()
    {
        var verdict = Judge(TestCsrs.Serving("worker-1", ["10.0.0.5", "10.9.9.9"]));
        Assert.Equal(CsrVerdictResult.Fail, verdict.Result);
        var passed = verdict.Checks.Where(c => c.Result == CsrCheckResult.Pass).Select(c => c.Id).ToArray();
        Assert.Equal(["request-decodes", "signature", "organization", "common-name", "usages", "sans", "requester", "san-count", "node-registered", "lifetime"], passed);
        var failed = Assert.Single(verdict.Checks, c => c.Result == CsrCheckResult.Fail);
        Assert.Equal("sans-in-node-addresses", failed.Id);
        Assert.Contains("10.9.9.9", failed.Message, StringComparison.Ordinal);
        Assert.Equal("subjectAltName 10.9.9.9 is not among node \"worker-1\"'s reported addresses (InternalIP 10.0.0.5, Hostname worker-1, InternalDNS worker-1.cluster.local).",
            failed.Message);
        Assert.Equal("subjectAltName 10.9.9.9 不在节点 \"worker-1\" 报告的地址（InternalIP 10.0.0.5, Hostname worker-1, InternalDNS worker-1.cluster.local）之中。",
            Localizer.Localize(failed.Text, Chinese));
        Assert.Equal("The request names 0 DNS names and 2 IP addresses, and no email or URI.", verdict.Find("sans")!.Message);
        Assert.Equal("请求包含 0 个 DNS 名称 和 2 个 IP 地址，没有电子邮件或 URI。", Localizer.Localize(verdict.Find("sans")!.Text, Chinese));
        Assert.Equal(CsrCheckResult.Info, verdict.Find("auto-approval")!.Result);
    }

    [Fact]
    public void Identity_claims_name_what_is_claimed_and_by_whom()
    {
        var verdict = Judge(Client("system:serviceaccount:kube-system:certificate-controller", [], "system:bootstrap:abcdef", TestCsrs.BootstrapGroups));
        Assert.Contains("service account kube-system/certificate-controller", verdict.Find("common-name")!.Message, StringComparison.Ordinal);
        Assert.Contains("bootstrap", verdict.Find("requester")!.Message, StringComparison.Ordinal);
        var node = Judge(Client("system:node:sandbox-node-3", ["system:nodes"], "system:bootstrap:abcdef", TestCsrs.BootstrapGroups));
        Assert.Contains("node sandbox-node-3", node.Find("common-name")!.Message, StringComparison.Ordinal);
        Assert.Contains("system:nodes (every node's privileges)", node.Find("organization")!.Message, StringComparison.Ordinal);
        var warn = Judge(Client("bob", [], "alice", HumanGroups));
        Assert.Contains("ClusterRoleBinding dev-view", warn.Find("common-name")!.Message, StringComparison.Ordinal);
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
    public void Recognised_but_rbac_denies_is_a_warning_while_pending()
    {
        var context = new CsrVerdictContext([], RbacPolicy.Empty, VerdictTestContext.Now);
        var verdict = Judge(TestCsrs.Bootstrap("worker-2"), context);
        Assert.False(verdict.AutoApproval.WouldAutoApprove);
        Assert.Equal(CsrVerdictResult.Warn, verdict.Result);
        Assert.Contains(verdict.Checks, c => c.Id == "auto-approval" && c.Result == CsrCheckResult.Warn && c.Message.Contains("nodeclient", StringComparison.Ordinal));
    }

    [Fact]
    public void A_decided_request_reports_its_decision_instead_of_a_prediction()
    {
        var csr = TestCsrs.Decided(TestCsrs.Bootstrap("worker-2"), new DateTime(2026, 3, 2, 12, 5, 30, DateTimeKind.Utc));
        var verdict = Judge(csr, new CsrVerdictContext([], RbacPolicy.Empty, VerdictTestContext.Now));
        Assert.Equal(CsrVerdictResult.Pass, verdict.Result);
        var decision = verdict.Find("auto-approval")!;
        Assert.Equal(CsrCheckResult.Info, decision.Result);
        Assert.StartsWith("Approved by kube-controller-manager at 2026-03-02 12:05:30Z", decision.Message, StringComparison.Ordinal);
        Assert.True(verdict.Decided);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 12, 5, 30, TimeSpan.Zero), verdict.AsOf);
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
    public void Undecodable_request_fails_with_the_reason()
    {
        var csr = TestCsrs.Csr("bad", System.Text.Encoding.ASCII.GetBytes("not a request"), TestCsrs.ClientSigner, "system:bootstrap:abcdef", TestCsrs.BootstrapGroups);
        var verdict = Judge(csr);
        Assert.Equal(CsrVerdictResult.Fail, verdict.Result);
        Assert.Equal("request-decodes", Assert.Single(verdict.Checks).Id);
    }

    [Fact]
    public void Recognisers_match_csrapproving_order_and_rules()
    {
        var facts = CsrVerdicts.ToFacts(CsrViews.Create(TestCsrs.Bootstrap("w"), new CsrViewContext(VerdictTestContext.Now)).Request!);
        Assert.Equal(["nodeclient"], KubeletCsrRecognizers.Match(TestCsrs.ClientSigner, "system:bootstrap:abcdef", facts, TestCsrs.ClientUsages).Select(r => r.Subresource));
        Assert.Equal(["selfnodeclient", "nodeclient"], KubeletCsrRecognizers.Match(TestCsrs.ClientSigner, "system:node:w", facts, TestCsrs.ClientUsages).Select(r => r.Subresource));
        Assert.Empty(KubeletCsrRecognizers.Match(TestCsrs.ServingSigner, "system:node:w", facts, TestCsrs.ClientUsages));
        Assert.Empty(KubeletCsrRecognizers.Match(TestCsrs.ClientSigner, "system:node:w", facts, ["client auth", "server auth", "digital signature"]));
    }
}
