using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Tests.Shared;
using static BootstrapPortal.Tests.Shared.TestRbac;

namespace BootstrapPortal.Core.Tests.Rbac;

public sealed class RbacWhoCanTests
{
    private static RbacRequest Approve(string signer) =>
        RbacRequest.ForResource("", [], "approve", "certificates.k8s.io", "signers", name: signer);

    [Fact]
    public void Masters_come_first_then_every_subject_of_every_allowing_binding_with_its_path()
    {
        var rbac = Kubeadm().ClusterRole("approver", Rule(["approve"], ["certificates.k8s.io"], ["signers"], ["kubernetes.io/kube-apiserver-client-kubelet"]))
            .Binding("ops-approve", "approver", Group("ops"), User("alice"));
        var subjects = RbacWhoCan.Evaluate(rbac.Policy, Approve("kubernetes.io/kube-apiserver-client-kubelet"));
        Assert.Equal(["Group system:masters", "Group kubeadm:cluster-admins", "ServiceAccount kube-system/certificate-controller", "Group ops", "User alice"],
            subjects.Select(s => s.Describe()));
        Assert.True(subjects[0].Via[0].IsBuiltIn);
        var alice = subjects.Single(s => s.Name == "alice");
        Assert.Equal("ClusterRoleBinding ops-approve → ClusterRole approver", Assert.Single(alice.Via).Describe());
        Assert.Contains("kubernetes.io/kube-apiserver-client-kubelet", alice.Via[0].Rule, StringComparison.Ordinal);
        // system:masters is listed first even though cluster-admin is bound to it as well; its paths include that binding.
        Assert.Equal(2, subjects[0].Via.Count);
    }

    [Fact]
    public void A_subject_granted_twice_appears_once_with_both_paths()
    {
        var rbac = Kubeadm().ClusterRole("a", Rule(["create"], [""], ["secrets"])).ClusterRole("b", Rule(["*"], [""], ["secrets"]))
            .Binding("x", "a", User("alice")).Binding("y", "b", User("alice"));
        var alice = Assert.Single(RbacWhoCan.Evaluate(rbac.Policy, RbacRequest.ForResource("", [], "create", "", "secrets", @namespace: "kube-system")),
            s => s.Name == "alice");
        Assert.Equal(["x", "y"], alice.Via.Select(v => v.BindingName));
    }

    [Fact]
    public void Role_bindings_count_only_in_their_namespace_and_their_service_accounts_take_its_namespace()
    {
        var rbac = Kubeadm().Role("secret-writer", "kube-system", Rule(["create"], [""], ["secrets"]))
            .RoleBinding("minter", "kube-system", "Role", "secret-writer", ServiceAccount("minter", null));
        var inKubeSystem = RbacWhoCan.Evaluate(rbac.Policy, RbacRequest.ForResource("", [], "create", "", "secrets", @namespace: "kube-system"));
        var minter = Assert.Single(inKubeSystem, s => s.Kind == "ServiceAccount" && s.Name == "minter");
        Assert.Equal("kube-system", minter.Namespace);
        Assert.Equal("RoleBinding kube-system/minter → Role secret-writer", minter.Via.Single().Describe());
        Assert.DoesNotContain(RbacWhoCan.Evaluate(rbac.Policy, RbacRequest.ForResource("", [], "create", "", "secrets", @namespace: "default")),
            s => s.Name == "minter");
    }

    [Fact]
    public void Approving_needs_both_the_approval_subresource_and_approve_on_the_signer_or_its_domain()
    {
        var rbac = Kubeadm()
            .ClusterRole("approval", Rule(["patch"], ["certificates.k8s.io"], ["certificatesigningrequests/approval"]))
            .ClusterRole("domain", Rule(["approve"], ["certificates.k8s.io"], ["signers"], ["kubernetes.io/*"]))
            .Binding("alice-1", "approval", User("alice")).Binding("alice-2", "domain", User("alice"))
            .Binding("bob-1", "approval", User("bob"));
        const string Signer = "kubernetes.io/kube-apiserver-client";
        var answer = RbacWhoCan.EvaluateAll(rbac.Policy,
        [
            [RbacRequest.ForResource("", [], "update", "certificates.k8s.io", "certificatesigningrequests", "approval"),
             RbacRequest.ForResource("", [], "patch", "certificates.k8s.io", "certificatesigningrequests", "approval")],
            [Approve(Signer), Approve("kubernetes.io/*")],
        ]);
        Assert.Contains(answer.Complete, s => s.Name == "alice");
        Assert.Contains(answer.Complete, s => s.Name == "system:masters");
        Assert.Contains(answer.Partial, s => s.Name == "bob");
        Assert.DoesNotContain(answer.Complete, s => s.Name == "bob");
        // The certificate controller approves only the kubelet client signer.
        Assert.Contains(answer.Partial, s => s.Name == "certificate-controller");
        Assert.Equal(["alice-1", "alice-2"], answer.Complete.Single(s => s.Name == "alice").Via.Select(v => v.BindingName));
    }

    [Fact]
    public void Who_can_of_an_analysis_is_computed_once_per_question()
    {
        var analysis = new RbacAnalysis(Kubeadm().Policy, [], [], Now, isSynced: true);
        var question = RbacRequest.ForResource("x", ["y"], "create", "certificates.k8s.io", "certificatesigningrequests");
        var first = analysis.WhoCan(question);
        Assert.Same(first, analysis.WhoCan(question with { User = "someone-else" }));
        Assert.Contains(first, s => s.Name == "system:masters");
    }
}
