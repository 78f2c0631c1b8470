using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Core.Text;
using BootstrapPortal.Tests.Shared;
using BootstrapPortal.Web.Components.Rbac;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Web.Tests.Components;

public sealed class RbacComponentsTests
{
    private static RbacAnalysis Analysis(TestRbac rbac) => new(rbac.Policy, [], [], TestRbac.Now, isSynced: true);

    [Fact]
    public async Task The_checklist_of_a_cluster_without_bootstrap_bindings_preselects_what_new_tokens_and_nodes_need()
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = ctx.Render<BootstrapChecklistView>(p => p.Add(c => c.Analysis, Analysis(TestRbac.Kubeadm(bootstrapBindings: false))).Add(c => c.CanFix, true));
        var missing = cut.FindAll("[data-testid=checklist-row][data-status=Missing]");
        Assert.Equal(3, missing.Count);
        Assert.Equal(["create-csrs", "auto-approve-client-csrs", "auto-approve-renewals"], missing.Select(r => r.GetAttribute("data-requirement")));
        var fix = cut.Find("[data-testid=fix-checklist]");
        Assert.Contains("Fix selected (3)", fix.TextContent, StringComparison.Ordinal);
        Assert.False(fix.HasAttribute("disabled"));
        Assert.Contains("cannot bootstrap", cut.Find("[data-testid=group-advice]").TextContent, StringComparison.Ordinal);
        Assert.Contains("rbac/objects/clusterrole/system%3Anode-bootstrapper", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_healthy_checklist_links_the_bindings_behind_each_row_and_a_viewer_cannot_fix()
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = ctx.Render<BootstrapChecklistView>(p => p.Add(c => c.Analysis, Analysis(TestRbac.Kubeadm())).Add(c => c.CanFix, false));
        Assert.Empty(cut.FindAll("[data-testid=checklist-row][data-status=Missing]"));
        Assert.Equal(2, cut.FindAll("[data-testid=checklist-row][data-status=NotNeeded]").Count);
        var hrefs = cut.FindAll("[data-testid=rbac-link]").Select(a => a.GetAttribute("href")).ToArray();
        Assert.Contains("rbac/objects/clusterrolebinding/kubeadm%3Akubelet-bootstrap", hrefs);
        Assert.Contains("rbac/objects/clusterrolebinding/kubeadm%3Anode-autoapprove-certificate-rotation", hrefs);
        Assert.True(cut.Find("[data-testid=fix-checklist]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Who_can_lists_subjects_with_their_paths_and_reports_a_bad_free_question_by_field()
    {
        await using var ctx = ComponentTestContext.Create();
        var rbac = TestRbac.Kubeadm().ClusterRole("approver", TestRbac.Rule(["update"], ["certificates.k8s.io"], ["certificatesigningrequests/approval"]),
                TestRbac.Rule(["approve"], ["certificates.k8s.io"], ["signers"], ["kubernetes.io/kube-apiserver-client-kubelet"]))
            .Binding("alice-approves", "approver", TestRbac.User("alice"));
        var cut = ctx.Render<WhoCanExplorer>(p => p.Add(c => c.Analysis, Analysis(rbac)));
        var subjects = cut.FindAll("[data-testid=who-can-subject]").Select(e => e.TextContent).ToArray();
        Assert.Equal(["Group system:masters", "Group kubeadm:cluster-admins", "ServiceAccount kube-system/certificate-controller", "User alice"], subjects);
        Assert.Contains("rbac/objects/clusterrolebinding/alice-approves", cut.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TokenBootstrapResult.AutoApproved, "auto-approved")]
    [InlineData(TokenBootstrapResult.NeedsApproval, "needs a person")]
    [InlineData(TokenBootstrapResult.CannotBootstrap, "cannot bootstrap")]
    public async Task The_token_chip_says_whether_it_can_bootstrap(TokenBootstrapResult result, string label)
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = ctx.Render<CanBootstrapChip>(p => p.Add(c => c.Check, new TokenBootstrapCheck(result, [CommonText.Plain("because")])));
        var chip = cut.Find("[data-testid=can-bootstrap]");
        Assert.Equal(TokenBootstrapCheck.Name(result), chip.GetAttribute("data-result"));
        Assert.Contains(label, chip.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Findings_are_shown_worst_first_with_links_and_an_empty_state_when_there_are_none()
    {
        await using var ctx = ComponentTestContext.Create(s => s.AddSingleton<ISubjectDirectory>(new FixedDirectory(TestRbac.KubeadmDirectory())));
        var clean = ctx.Render<FindingsView>(p => p.Add(c => c.Analysis, Analysis(TestRbac.Kubeadm())));
        clean.WaitForAssertion(() => Assert.NotNull(clean.Find("[data-testid=findings-empty]")));

        var risky = TestRbac.Kubeadm().ClusterRole("secret-reader", TestRbac.Rule(["get"], [""], ["secrets"]))
            .Binding("anon-secrets", "secret-reader", TestRbac.User("system:anonymous"))
            .Binding("dangling", "no-such-role", TestRbac.User("bob"));
        var cut = ctx.Render<FindingsView>(p => p.Add(c => c.Analysis, Analysis(risky)));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=finding]").Count));
        Assert.Equal(["anonymous-grant:ClusterRoleBinding/anon-secrets", "missing-role:ClusterRoleBinding/dangling"],
            cut.FindAll("[data-testid=finding]").Select(f => f.GetAttribute("data-id")));
        Assert.Equal(["critical", "medium"], cut.FindAll("[data-testid=finding-severity]").Select(f => f.TextContent.Trim()));
        Assert.Contains("rbac/objects/clusterrolebinding/anon-secrets", cut.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ClusterRoleBinding", null, "kubeadm:kubelet-bootstrap", "rbac/objects/clusterrolebinding/kubeadm%3Akubelet-bootstrap")]
    [InlineData("RoleBinding", "kube-public", "kubeadm:bootstrap-signer-clusterinfo", "rbac/objects/rolebinding/kube-public/kubeadm%3Abootstrap-signer-clusterinfo")]
    [InlineData("ClusterRole", "ignored", "view", "rbac/objects/clusterrole/view")]
    public void Object_links_escape_names_and_keep_namespaces_for_namespaced_kinds(string kind, string? ns, string name, string expected) =>
        Assert.Equal(expected, RbacLinks.Href(kind, ns, name));

    private sealed class FixedDirectory(SubjectDirectory directory) : ISubjectDirectory
    {
        public Task<SubjectDirectory> GetAsync(CancellationToken cancellationToken) => Task.FromResult(directory);
    }
}
