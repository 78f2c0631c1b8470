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
        Assert.Equal(1, analysis.Evaluations);
    }

    [Fact]
    public async Task An_audit_question_is_evaluated_once_however_many_sessions_ask_at_once()
    {
        var analysis = new RbacAnalysis(Kubeadm().Policy, [], [], Now, isSynced: true);
        var questions = WhoCanQuestions.All();
        using var start = new ManualResetEventSlim();
        var asks = Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
        {
            start.Wait(TimeSpan.FromSeconds(30));
            return questions.Select(analysis.Answer).ToArray();
        })).ToArray();
        start.Set();
        var answers = await Task.WhenAll(asks);

        Assert.Equal(questions.Count, analysis.Evaluations);
        for (var i = 0; i < questions.Count; i++)
        {
            Assert.All(answers, a => Assert.Same(answers[0][i], a[i]));
            Assert.Same(answers[0][i], analysis.Answer(questions[i]));
        }

        Assert.Equal(questions.Count, analysis.Evaluations);
    }

    [Fact]
    public void The_memo_is_bounded_and_a_new_analysis_answers_afresh()
    {
        var policy = Kubeadm().Policy;
        var analysis = new RbacAnalysis(policy, [], [], Now, isSynced: true);
        RbacRequest Get(int i) => RbacRequest.ForResource("", [], "get", "", "configmaps", name: "cm-" + i, @namespace: "kube-public");
        for (var i = 0; i < RbacAnalysis.MaxCachedQuestions; i++)
        {
            analysis.WhoCan(Get(i));
        }

        var kept = analysis.WhoCan(Get(0));
        Assert.Equal(RbacAnalysis.MaxCachedQuestions, analysis.Evaluations);

        // One question more starts the memo over instead of growing it; what is asked again after that is kept again.
        analysis.WhoCan(Get(RbacAnalysis.MaxCachedQuestions));
        var again = analysis.WhoCan(Get(0));
        Assert.NotSame(kept, again);
        Assert.Same(again, analysis.WhoCan(Get(0)));
        Assert.Equal(RbacAnalysis.MaxCachedQuestions + 2, analysis.Evaluations);

        // Another state of the cluster's RBAC is another analysis, with answers of its own.
        var next = new RbacAnalysis(policy, [], [], Now, isSynced: true);
        Assert.NotSame(again, next.WhoCan(Get(0)));
        Assert.Equal(1, next.Evaluations);
    }
}
