using System.Text.Json.Nodes;
using BootstrapPortal.Core.Certificates;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Rbac;
using k8s.Models;

namespace BootstrapPortal.Core.Tests.Upstream;

/// <summary>
/// kube-controller-manager's csrapproving tests (k/k pkg/controller/certificates/approver/sarapprove_test.go, data in
/// sarapprove_test.json) against the shared recognisers (<see cref="KubeletCsrRules"/>, <see cref="KubeletCsrRecognizers"/>)
/// and the portal's prediction of what csrapproving does.
/// </summary>
public class SarApproveTableTests
{
    private static readonly JsonObject Data = UpstreamData.Load("sarapprove_test.json");

    /// <summary>Every builder of TestRecognizers × both usage sets × both recognisers.</summary>
    public static TheoryData<string, string, string, string[], string, string[], string, bool> Recognizers()
    {
        var table = Data["recognizers"]!;
        var data = new TheoryData<string, string, string, string[], string, string[], string, bool>();
        foreach (var usages in table["usageSets"]!.AsArray().Select(UpstreamData.Strings))
        {
            foreach (var item in table["cases"]!.AsArray())
            {
                var set = item!["set"]?.AsObject();
                var baseline = table["base"]!;
                string Field(string name) => (set?[name] ?? baseline[name])!.GetValue<string>();
                var orgs = UpstreamData.Strings(set?["orgs"] ?? baseline["orgs"]);
                var caseUsages = usages.Concat(UpstreamData.Strings(item["addUsages"])).ToArray();
                var label = $"{item["group"]}: {item["name"]} ({string.Join(", ", usages)})";
                foreach (var recognizer in new[] { "isNodeClientCert", "isSelfNodeClientCert" })
                {
                    data.Add(label, Field("signerName"), Field("cn"), orgs, Field("requester"), caseUsages, recognizer, item[recognizer]!.GetValue<bool>());
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Recognizers))]
    public void TestRecognizers(string label, string signerName, string commonName, string[] organizations, string requester, string[] usages, string recognizer, bool expected)
    {
        var facts = UpstreamData.Facts(UpstreamData.RequestPem(commonName, organizations));
        var recognized = recognizer == "isNodeClientCert"
            ? KubeletCsrRules.IsNodeClientCert(signerName, facts, usages)
            : KubeletCsrRules.IsSelfNodeClientCert(signerName, requester, facts, usages);
        Assert.True(expected == recognized, $"{label}: {recognizer} should be {expected}");

        // The ordered recogniser list csrapproving and the verdict share says the same.
        var matched = KubeletCsrRecognizers.Match(signerName, requester, facts, usages).Select(r => r.Subresource).ToArray();
        var subresource = recognizer == "isNodeClientCert" ? KubeletCsrRecognizers.NodeClientSubresource : KubeletCsrRecognizers.SelfNodeClientSubresource;
        Assert.Equal(expected, matched.Contains(subresource));
    }

    [Fact]
    public void TestRecognizers_has_every_case() => Assert.Equal(36, Recognizers().Count);

    public static TheoryData<string, bool, bool, bool, bool> Handle()
    {
        var data = new TheoryData<string, bool, bool, bool, bool>();
        foreach (var item in Data["handle"]!["cases"]!.AsArray())
        {
            data.Add(item!["name"]!.GetValue<string>(), item["recognized"]!.GetValue<bool>(), item["allowed"]!.GetValue<bool>(),
                item["reviewed"]!.GetValue<bool>(), item["approved"]!.GetValue<bool>());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Handle))]
    public void TestHandle(string name, bool recognized, bool allowed, bool reviewed, bool approved)
    {
        // A bootstrap CSR is a kubelet client request; the same request for kubelet-serving is not recognised.
        var signer = recognized ? KubernetesSignerNames.KubeApiServerClientKubelet : KubernetesSignerNames.KubeletServing;
        var request = UpstreamData.RequestPem("system:node:foo", ["system:nodes"]);
        var csr = new V1CertificateSigningRequest
        {
            Metadata = new V1ObjectMeta { Name = "csr-handle" },
            Spec = new V1CertificateSigningRequestSpec
            {
                Request = request,
                SignerName = signer,
                Username = "system:bootstrap:abcdef",
                Groups = ["system:bootstrappers", "system:authenticated"],
                Usages = ["digital signature", "client auth"],
            },
        };
        var view = CsrViews.Create(csr, new CsrViewContext(DateTimeOffset.UtcNow));
        var rbac = allowed ? Allowing("certificatesigningrequests/nodeclient") : RbacPolicy.Empty;

        var prediction = CsrVerdicts.PredictAutoApproval(view, CsrVerdicts.ToFacts(view.Request!), rbac);

        Assert.True(reviewed == prediction.RecognizedAs.Count > 0, name + ": a review is sent only for a recognised request");
        Assert.True(approved == prediction.WouldAutoApprove, name + ": approved only when recognised and allowed");
        Assert.Equal(approved ? KubeletCsrRecognizers.NodeClientSubresource : null, prediction.ApprovedBy);
    }

    private static RbacPolicy Allowing(string resource) => new(
        [new V1ClusterRole { Metadata = new V1ObjectMeta { Name = "r" }, Rules = [new V1PolicyRule { ApiGroups = ["certificates.k8s.io"], Resources = [resource], Verbs = ["create"] }] }],
        [new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "b" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "r" },
            Subjects = [new Rbacv1Subject { ApiGroup = "rbac.authorization.k8s.io", Kind = "Group", Name = "system:bootstrappers" }],
        }],
        [],
        []);
}
