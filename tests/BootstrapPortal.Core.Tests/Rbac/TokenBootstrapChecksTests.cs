using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Core.Tokens;
using BootstrapPortal.Tests.Shared;
using k8s;
using k8s.Models;
using static BootstrapPortal.Tests.Shared.TestRbac;

namespace BootstrapPortal.Core.Tests.Rbac;

public sealed class TokenBootstrapChecksTests
{
    private static TokenBootstrapCheck Check(TestRbac rbac, BootstrapTokenInfo token) => TokenBootstrapChecks.Evaluate(rbac.Policy, token, Now);

    [Fact]
    public void A_kubeadm_group_token_is_auto_approved_and_the_reasons_name_the_bindings()
    {
        var check = Check(Kubeadm(), Token("abcdef", [KubeadmGroup]));
        Assert.Equal(TokenBootstrapResult.AutoApproved, check.Result);
        Assert.Equal("auto-approved", check.ResultName);
        Assert.Contains("kubeadm:kubelet-bootstrap", check.Reasons[0], StringComparison.Ordinal);
        Assert.Contains("kubeadm:node-autoapprove-bootstrap", check.Reasons[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_with_only_the_default_groups_cannot_bootstrap_on_kubeadm_and_says_why()
    {
        var check = Check(Kubeadm(), Token("nogrp1"));
        Assert.Equal(TokenBootstrapResult.CannotBootstrap, check.Result);
        var reason = Assert.Single(check.Reasons);
        Assert.Contains("create certificatesigningrequests", reason, StringComparison.Ordinal);
        Assert.Contains("system:bootstrap:nogrp1", reason, StringComparison.Ordinal);
        Assert.Contains("system:node-bootstrapper", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Creating_without_auto_approval_needs_a_person()
    {
        var rbac = Kubeadm().Without("kubeadm:node-autoapprove-bootstrap");
        var check = Check(rbac, Token("abcdef", [KubeadmGroup]));
        Assert.Equal(TokenBootstrapResult.NeedsApproval, check.Result);
        Assert.Contains("waits for a person", check.Reasons[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TokenStatus.Expired, "expired")]
    [InlineData(TokenStatus.Invalid, "malformed")]
    public void Expired_and_malformed_tokens_cannot_bootstrap_even_with_the_right_group(TokenStatus status, string expected)
    {
        var check = Check(Kubeadm(), Token("abcdef", [KubeadmGroup], status));
        Assert.Equal(TokenBootstrapResult.CannotBootstrap, check.Result);
        Assert.Contains(expected, Assert.Single(check.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_without_usage_authentication_cannot_bootstrap()
    {
        var check = Check(Kubeadm(), Token("abcdef", [KubeadmGroup], usages: ["signing"]));
        Assert.Equal(TokenBootstrapResult.CannotBootstrap, check.Result);
        Assert.Contains("authentication", Assert.Single(check.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_expiring_soon_can_still_bootstrap_and_says_so()
    {
        var check = Check(Kubeadm(), Token("abcdef", [KubeadmGroup], TokenStatus.ExpiringSoon));
        Assert.Equal(TokenBootstrapResult.AutoApproved, check.Result);
        Assert.Contains("expires in", check.Reasons[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_binding_to_one_tokens_user_applies_to_that_token_only()
    {
        var rbac = Kubeadm(bootstrapBindings: false)
            .Binding("one-token", BootstrapRequirements.NodeBootstrapperRole, User("system:bootstrap:abcdef"));
        var analysis = new RbacAnalysis(rbac.Policy, [], [], Now, isSynced: true);
        Assert.Equal(TokenBootstrapResult.NeedsApproval, analysis.Check(Token("abcdef"), Now).Result);
        Assert.Equal(TokenBootstrapResult.CannotBootstrap, analysis.Check(Token("zzzzzz"), Now).Result);
        // Same groups, asked again in the other order: the shared evaluation does not leak across users.
        Assert.Equal(TokenBootstrapResult.CannotBootstrap, analysis.Check(Token("yyyyyy"), Now).Result);
        Assert.Equal(TokenBootstrapResult.NeedsApproval, analysis.Check(Token("abcdef"), Now).Result);
    }

    [Fact]
    public void A_proposed_group_that_is_not_a_bootstrap_group_is_refused_before_rbac()
    {
        var check = TokenBootstrapChecks.EvaluateProposal(Kubeadm().Policy, ["system:masters"], BootstrapTokenUsages.Known);
        Assert.Equal(TokenBootstrapResult.CannotBootstrap, check.Result);
        Assert.Contains("not a bootstrap group", Assert.Single(check.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void Advice_picks_what_the_bindings_grant()
    {
        Assert.Equal([KubeadmGroup], BootstrapGroupAdvice.Choose(Kubeadm().Policy, [], []).Groups);

        var guide = Kubeadm(bootstrapBindings: false)
            .Binding("create-csrs-for-bootstrapping", BootstrapRequirements.NodeBootstrapperRole, Group("system:bootstrappers"))
            .Binding("auto-approve-csrs-for-group", BootstrapRequirements.NodeClientRole, Group("system:bootstrappers"));
        var advice = BootstrapGroupAdvice.Choose(guide.Policy, [], []);
        Assert.Empty(advice.Groups);
        Assert.Equal(TokenBootstrapResult.AutoApproved, advice.Check.Result);

        // A configured default that is as good wins; one that is worse does not.
        Assert.Equal(["system:bootstrappers:mine"], BootstrapGroupAdvice.Choose(guide.Policy, [], ["system:bootstrappers:mine"]).Groups);
        Assert.Equal([KubeadmGroup], BootstrapGroupAdvice.Choose(Kubeadm().Policy, [], ["system:bootstrappers:mine"]).Groups);

        var none = BootstrapGroupAdvice.Choose(Kubeadm(bootstrapBindings: false).Policy, [], []);
        Assert.Equal([KubeadmGroup], none.Groups);
        Assert.Equal(TokenBootstrapResult.CannotBootstrap, none.Check.Result);
    }

    [Fact]
    public void Advice_prefers_auto_approval_over_a_group_that_only_creates()
    {
        var rbac = Kubeadm(bootstrapBindings: false)
            .Binding("create-only", BootstrapRequirements.NodeBootstrapperRole, Group("system:bootstrappers:create-only"))
            .Binding("full-1", BootstrapRequirements.NodeBootstrapperRole, Group("system:bootstrappers:full"))
            .Binding("full-2", BootstrapRequirements.NodeClientRole, Group("system:bootstrappers:full"));
        var advice = BootstrapGroupAdvice.Choose(rbac.Policy, [Token("aaaaaa", ["system:bootstrappers:create-only"])], []);
        Assert.Equal(["system:bootstrappers:full"], advice.Groups);
    }

    [Fact]
    public void The_default_fix_grants_what_new_tokens_and_nodes_need_and_then_everything_they_need_is_satisfied()
    {
        var rbac = Kubeadm(bootstrapBindings: false);
        var policy = rbac.Policy;
        var plan = BootstrapFixPlan.Create(policy, BootstrapGroupAdvice.Choose(policy, [], []), new BootstrapFixRequest(), "alice");
        Assert.Equal(
            [
                "bootstrapportal:node-bootstrapper:" + KubeadmGroup,
                "bootstrapportal:node-autoapprove-bootstrap:" + KubeadmGroup,
                "bootstrapportal:node-autoapprove-certificate-rotation:system:nodes",
            ],
            plan.Bindings.Select(b => b.Name));
        Assert.All(plan.Bindings, b => Assert.Equal("bootstrap-portal", b.Binding.Metadata.Labels["app.kubernetes.io/managed-by"]));
        Assert.All(plan.Bindings, b => Assert.Equal("alice", b.Binding.Metadata.Annotations["bootstrapportal.io/created-by"]));

        rbac.ClusterRoleBindings.AddRange(plan.Bindings.Select(b => b.Binding));
        var fixedPolicy = rbac.Policy;
        var rows = BootstrapChecklist.Build(fixedPolicy, [], BootstrapGroupAdvice.Choose(fixedPolicy, [], []));
        Assert.DoesNotContain(rows, r => r.Status == ChecklistStatus.Missing);
        Assert.True(BootstrapFixPlan.Create(fixedPolicy, BootstrapGroupAdvice.Choose(fixedPolicy, [], []), new BootstrapFixRequest(), "alice").IsEmpty);
    }

    [Fact]
    public void A_healthy_kubeadm_cluster_needs_no_fix_but_an_admin_may_ask_for_the_guides_variant()
    {
        var policy = Kubeadm().Policy;
        var advice = BootstrapGroupAdvice.Choose(policy, [], []);
        Assert.True(BootstrapFixPlan.Create(policy, advice, new BootstrapFixRequest(), "alice").IsEmpty);
        var plan = BootstrapFixPlan.Create(policy, advice, new BootstrapFixRequest(Groups: ["system:bootstrappers"]), "alice");
        Assert.Equal(["bootstrapportal:node-bootstrapper:system:bootstrappers", "bootstrapportal:node-autoapprove-bootstrap:system:bootstrappers"],
            plan.Bindings.Select(b => b.Name));
        var only = BootstrapFixPlan.Create(policy, advice,
            new BootstrapFixRequest(Groups: ["system:bootstrappers"], Requirements: [BootstrapRequirement.CreateCsrs]), "alice");
        Assert.Equal(["bootstrapportal:node-bootstrapper:system:bootstrappers"], only.Bindings.Select(b => b.Name));
    }

    [Theory]
    [InlineData("system:masters")]
    [InlineData("system:bootstrappers:UPPER")]
    [InlineData("system:bootstrappers:")]
    public void A_fix_for_a_group_that_is_not_a_bootstrap_group_is_refused(string group)
    {
        var policy = Kubeadm().Policy;
        var ex = Assert.Throws<RbacValidationException>(() =>
            BootstrapFixPlan.Create(policy, BootstrapGroupAdvice.Choose(policy, [], []), new BootstrapFixRequest(Groups: [group]), "alice"));
        Assert.Equal("groups", ex.Field);
        Assert.StartsWith("Each group must be system:bootstrappers or a bootstrap group", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_fix_yaml_holds_each_binding_as_its_own_document()
    {
        var policy = Kubeadm(bootstrapBindings: false).Policy;
        var plan = BootstrapFixPlan.Create(policy, BootstrapGroupAdvice.Choose(policy, [], []), new BootstrapFixRequest(), "alice");
        var objects = KubernetesYaml.LoadAllFromString(plan.Yaml);
        Assert.Equal(3, objects.Count);
        var first = Assert.IsType<V1ClusterRoleBinding>(objects[0]);
        Assert.Equal(BootstrapRequirements.NodeBootstrapperRole, first.RoleRef.Name);
        Assert.Equal(KubeadmGroup, Assert.Single(first.Subjects).Name);
    }
}
