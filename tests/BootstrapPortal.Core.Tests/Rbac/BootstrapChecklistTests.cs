using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Core.Tokens;
using BootstrapPortal.Tests.Shared;
using static BootstrapPortal.Tests.Shared.TestRbac;

namespace BootstrapPortal.Core.Tests.Rbac;

public sealed class BootstrapChecklistTests
{
    private static IReadOnlyList<BootstrapChecklistRow> Checklist(TestRbac rbac, params BootstrapTokenInfo[] tokens)
    {
        var policy = rbac.Policy;
        return BootstrapChecklist.Build(policy, tokens, BootstrapGroupAdvice.Choose(policy, tokens, []));
    }

    private static BootstrapChecklistRow Row(IReadOnlyList<BootstrapChecklistRow> rows, BootstrapRequirement requirement, string group) =>
        Assert.Single(rows, r => r.Requirement == requirement && r.Group == group);

    [Fact]
    public void Kubeadm_grants_bootstrapping_to_its_node_group_and_renewals_to_nodes_and_system_bootstrappers_is_not_needed()
    {
        var rows = Checklist(Kubeadm(), Token("abcdef", [KubeadmGroup]));
        Assert.Equal(
            [
                (BootstrapRequirement.CreateCsrs, "system:bootstrappers", ChecklistStatus.NotNeeded),
                (BootstrapRequirement.AutoApproveClientCsrs, "system:bootstrappers", ChecklistStatus.NotNeeded),
                (BootstrapRequirement.CreateCsrs, KubeadmGroup, ChecklistStatus.Satisfied),
                (BootstrapRequirement.AutoApproveClientCsrs, KubeadmGroup, ChecklistStatus.Satisfied),
                (BootstrapRequirement.AutoApproveRenewals, "system:nodes", ChecklistStatus.Satisfied),
            ],
            rows.Select(r => (r.Requirement, r.Group, r.Status)));
        Assert.Equal(["kubeadm:kubelet-bootstrap"], Row(rows, BootstrapRequirement.CreateCsrs, KubeadmGroup).SatisfiedBy.Select(g => g.Binding.Name));
        Assert.Equal(["kubeadm:node-autoapprove-bootstrap"], Row(rows, BootstrapRequirement.AutoApproveClientCsrs, KubeadmGroup).SatisfiedBy.Select(g => g.Binding.Name));
        Assert.Equal(["kubeadm:node-autoapprove-certificate-rotation"], Row(rows, BootstrapRequirement.AutoApproveRenewals, "system:nodes").SatisfiedBy.Select(g => g.Binding.Name));
        Assert.Equal(1, Row(rows, BootstrapRequirement.CreateCsrs, KubeadmGroup).Tokens);
        Assert.Equal(["create certificatesigningrequests", "get certificatesigningrequests", "list certificatesigningrequests", "watch certificatesigningrequests"],
            Row(rows, BootstrapRequirement.CreateCsrs, "system:bootstrappers").Missing);
    }

    [Fact]
    public void A_token_without_the_granted_group_makes_the_system_bootstrappers_rows_missing_and_names_it()
    {
        var rows = Checklist(Kubeadm(), Token("abcdef", [KubeadmGroup]), Token("nogrp1"));
        var create = Row(rows, BootstrapRequirement.CreateCsrs, "system:bootstrappers");
        Assert.Equal(ChecklistStatus.Missing, create.Status);
        Assert.Contains("nogrp1", create.Note, StringComparison.Ordinal);
        Assert.DoesNotContain("abcdef", create.Note, StringComparison.Ordinal);
        Assert.Equal(2, create.Tokens);
        Assert.Equal(ChecklistStatus.Satisfied, Row(rows, BootstrapRequirement.CreateCsrs, KubeadmGroup).Status);
    }

    [Fact]
    public void The_origin_documents_first_table_satisfies_every_token_through_system_bootstrappers()
    {
        var rbac = Kubeadm(bootstrapBindings: false)
            .Binding("create-csrs-for-bootstrapping", BootstrapRequirements.NodeBootstrapperRole, Group("system:bootstrappers"))
            .Binding("auto-approve-csrs-for-group", BootstrapRequirements.NodeClientRole, Group("system:bootstrappers"))
            .Binding("auto-approve-renewals-for-nodes", BootstrapRequirements.SelfNodeClientRole, Group("system:nodes"));
        var rows = Checklist(rbac, Token("abcdef", [KubeadmGroup]), Token("nogrp1"));
        Assert.All(rows, r => Assert.Equal(ChecklistStatus.Satisfied, r.Status));
        // The kubeadm group's tokens are satisfied through the binding to system:bootstrappers, named as such.
        var grant = Assert.Single(Row(rows, BootstrapRequirement.CreateCsrs, KubeadmGroup).SatisfiedBy);
        Assert.Equal(("create-csrs-for-bootstrapping", "system:bootstrappers"), (grant.Binding.Name, grant.Subject.Name));
    }

    [Fact]
    public void The_origin_documents_second_table_is_found_for_its_narrower_group()
    {
        const string Narrow = "system:bootstrappers:default-node-token";
        var rbac = Kubeadm(bootstrapBindings: false)
            .Binding("node-bootstrapper", BootstrapRequirements.NodeBootstrapperRole, Group(Narrow))
            .Binding("node-autoapprove", BootstrapRequirements.NodeClientRole, Group(Narrow))
            .Binding("node-renewal", BootstrapRequirements.SelfNodeClientRole, Group("system:nodes"));
        var policy = rbac.Policy;
        var advice = BootstrapGroupAdvice.Choose(policy, [], []);
        Assert.Equal([Narrow], advice.Groups);
        Assert.Equal(TokenBootstrapResult.AutoApproved, advice.Check.Result);
        var rows = BootstrapChecklist.Build(policy, [], advice);
        Assert.Equal(ChecklistStatus.Satisfied, Row(rows, BootstrapRequirement.AutoApproveClientCsrs, Narrow).Status);
        Assert.Equal(ChecklistStatus.NotNeeded, Row(rows, BootstrapRequirement.AutoApproveClientCsrs, "system:bootstrappers").Status);
    }

    [Fact]
    public void Without_bootstrap_bindings_the_rows_new_tokens_and_nodes_rely_on_are_missing()
    {
        var rows = Checklist(Kubeadm(bootstrapBindings: false));
        Assert.Equal(ChecklistStatus.Missing, Row(rows, BootstrapRequirement.CreateCsrs, KubeadmGroup).Status);
        Assert.Equal(ChecklistStatus.Missing, Row(rows, BootstrapRequirement.AutoApproveClientCsrs, KubeadmGroup).Status);
        Assert.Equal(ChecklistStatus.Missing, Row(rows, BootstrapRequirement.AutoApproveRenewals, "system:nodes").Status);
        Assert.Equal(ChecklistStatus.NotNeeded, Row(rows, BootstrapRequirement.CreateCsrs, "system:bootstrappers").Status);
        Assert.All(rows.Where(r => !r.Satisfied), r => Assert.Empty(r.SatisfiedBy));
        Assert.Contains("403", Row(rows, BootstrapRequirement.CreateCsrs, KubeadmGroup).Impact, StringComparison.Ordinal);
        Assert.Contains("NotReady", Row(rows, BootstrapRequirement.AutoApproveRenewals, "system:nodes").Impact, StringComparison.Ordinal);
    }

    [Fact]
    public void A_binding_that_grants_the_same_rules_through_another_role_counts()
    {
        var rbac = Kubeadm(bootstrapBindings: false)
            .ClusterRole("ops:csr-writer", Rule(["create", "get", "list", "watch"], ["certificates.k8s.io"], ["certificatesigningrequests"]),
                Rule(["create"], ["certificates.k8s.io"], ["certificatesigningrequests/nodeclient"]))
            .Binding("ops:bootstrap", "ops:csr-writer", Group(KubeadmGroup))
            .ClusterRole("ops:renew", Rule(["create"], ["certificates.k8s.io"], ["*/selfnodeclient"]))
            .Binding("ops:renew", "ops:renew", Group("system:nodes"));
        var rows = Checklist(rbac, Token("abcdef", [KubeadmGroup]));
        var create = Row(rows, BootstrapRequirement.CreateCsrs, KubeadmGroup);
        Assert.True(create.Satisfied);
        Assert.Equal(("ops:bootstrap", "ops:csr-writer"), (create.SatisfiedBy[0].Binding.Name, create.SatisfiedBy[0].Binding.RoleName));
        Assert.True(Row(rows, BootstrapRequirement.AutoApproveClientCsrs, KubeadmGroup).Satisfied);
        Assert.True(Row(rows, BootstrapRequirement.AutoApproveRenewals, "system:nodes").Satisfied);
    }

    [Fact]
    public void Partial_grants_are_not_satisfied_and_say_what_is_missing()
    {
        var rbac = Kubeadm(bootstrapBindings: false)
            .ClusterRole("create-only", Rule(["create"], ["certificates.k8s.io"], ["certificatesigningrequests"]))
            .Binding("create-only", "create-only", Group(KubeadmGroup));
        var row = Row(Checklist(rbac), BootstrapRequirement.CreateCsrs, KubeadmGroup);
        Assert.False(row.Satisfied);
        Assert.Equal(["get certificatesigningrequests", "list certificatesigningrequests", "watch certificatesigningrequests"], row.Missing);
        Assert.Equal("create-only", Assert.Single(row.SatisfiedBy).Binding.Name);
    }

    [Fact]
    public void A_binding_of_the_right_role_name_to_another_group_or_a_role_binding_does_not_count()
    {
        var rbac = Kubeadm(bootstrapBindings: false)
            .Binding("wrong-group", BootstrapRequirements.NodeBootstrapperRole, Group("system:bootstrappers:other"))
            .RoleBinding("namespaced", "kube-system", "ClusterRole", BootstrapRequirements.NodeBootstrapperRole, Group(KubeadmGroup));
        var (user, groups) = BootstrapRequirements.TokenIdentity(null, [KubeadmGroup]);
        var result = RequirementResult.Evaluate(rbac.Policy, BootstrapRequirement.CreateCsrs, user, groups);
        Assert.False(result.Satisfied);
        Assert.Empty(result.Grants);
    }

    [Fact]
    public void Expired_invalid_and_signing_only_tokens_do_not_make_rows_missing()
    {
        var rows = Checklist(Kubeadm(), Token("expire", status: TokenStatus.Expired), Token("invali", status: TokenStatus.Invalid),
            Token("signon", usages: ["signing"]));
        Assert.Equal(ChecklistStatus.NotNeeded, Row(rows, BootstrapRequirement.CreateCsrs, "system:bootstrappers").Status);
        Assert.Equal(0, Row(rows, BootstrapRequirement.CreateCsrs, "system:bootstrappers").Tokens);
    }
}
