using System.Net;
using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Audit;
using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Core.Tokens;
using BootstrapPortal.Sandbox;
using BootstrapPortal.Sandbox.Kubelets;
using BootstrapPortal.Tests.Shared;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace BootstrapPortal.Core.Tests.Rbac;

/// <summary>The checklist, the per-token check and the fix against the sandbox over real HTTPS, checked against what the cluster then does.</summary>
public sealed class RbacSandboxTests
{
    private const string KubeadmGroup = TestRbac.KubeadmGroup;
    private static readonly TimeSpan Detect = TimeSpan.FromSeconds(10);

    public static TheoryData<SandboxRbacProfile> Profiles() => [SandboxRbacProfile.Kubeadm, SandboxRbacProfile.OriginDocument, SandboxRbacProfile.Broken];

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Each_profile_gives_its_checklist(SandboxRbacProfile profile)
    {
        await using var rbac = await RbacSandbox.StartAsync(profile);
        var rows = rbac.Audit.Current.Checklist.Select(r => (r.RequirementId, r.Group, r.Status, Bindings: string.Join(",", r.SatisfiedBy.Select(g => g.Binding.Name)))).ToArray();
        var expected = profile switch
        {
            SandboxRbacProfile.Kubeadm => new[]
            {
                ("create-csrs", "system:bootstrappers", ChecklistStatus.NotNeeded, ""),
                ("auto-approve-client-csrs", "system:bootstrappers", ChecklistStatus.NotNeeded, ""),
                ("create-csrs", KubeadmGroup, ChecklistStatus.Satisfied, "kubeadm:kubelet-bootstrap"),
                ("auto-approve-client-csrs", KubeadmGroup, ChecklistStatus.Satisfied, "kubeadm:node-autoapprove-bootstrap"),
                ("auto-approve-renewals", "system:nodes", ChecklistStatus.Satisfied, "kubeadm:node-autoapprove-certificate-rotation"),
            },
            SandboxRbacProfile.OriginDocument => new[]
            {
                ("create-csrs", "system:bootstrappers", ChecklistStatus.Satisfied, "create-csrs-for-bootstrapping"),
                ("auto-approve-client-csrs", "system:bootstrappers", ChecklistStatus.Satisfied, "auto-approve-csrs-for-group"),
                ("auto-approve-renewals", "system:nodes", ChecklistStatus.Satisfied, "auto-approve-renewals-for-nodes"),
            },
            _ => new[]
            {
                ("create-csrs", "system:bootstrappers", ChecklistStatus.NotNeeded, ""),
                ("auto-approve-client-csrs", "system:bootstrappers", ChecklistStatus.NotNeeded, ""),
                ("create-csrs", KubeadmGroup, ChecklistStatus.Missing, ""),
                ("auto-approve-client-csrs", KubeadmGroup, ChecklistStatus.Missing, ""),
                ("auto-approve-renewals", "system:nodes", ChecklistStatus.Missing, ""),
            },
        };
        Assert.Equal(expected, rows);
    }

    [Fact]
    public async Task A_token_from_the_form_defaults_cannot_bootstrap_one_with_the_api_default_can_and_the_cluster_agrees()
    {
        await using var rbac = await RbacSandbox.StartAsync(SandboxRbacProfile.Kubeadm);
        var formDefault = await rbac.Tokens.CreateAsync(new CreateTokenRequest(Groups: []), PortalActor.Local, CancellationToken.None);
        var apiDefault = await rbac.Tokens.CreateAsync(new CreateTokenRequest(), PortalActor.Local, CancellationToken.None);
        await RbacSandbox.Eventually(() => rbac.Tokens.List().Count(t => t.Id == formDefault.Id || t.Id == apiDefault.Id) == 2, "both tokens are cached");
        var tokens = rbac.Tokens.List();
        var now = DateTimeOffset.UtcNow;

        Assert.Equal([KubeadmGroup], tokens.Single(t => t.Id == apiDefault.Id).ExtraGroups);
        Assert.Equal(TokenBootstrapResult.AutoApproved, rbac.Audit.Current.Check(tokens.Single(t => t.Id == apiDefault.Id), now).Result);
        var cannot = rbac.Audit.Current.Check(tokens.Single(t => t.Id == formDefault.Id), now);
        Assert.Equal(TokenBootstrapResult.CannotBootstrap, cannot.Result);
        Assert.Contains("create certificatesigningrequests", cannot.Reasons[0], StringComparison.Ordinal);

        // The token without the group is refused by the API server (kubectl auth can-i create csr → no) ...
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => rbac.JoinAsync(formDefault.Token, "form-default-node"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Response.StatusCode);
        using (var client = new Kubernetes(rbac.Sandbox.CreateTokenConfiguration(formDefault.Token)))
        {
            var review = await client.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(new V1SelfSubjectAccessReview
            {
                Spec = new V1SelfSubjectAccessReviewSpec { ResourceAttributes = new V1ResourceAttributes { Group = "certificates.k8s.io", Resource = "certificatesigningrequests", Verb = "create" } },
            });
            Assert.False(review.Status.Allowed);
        }

        // ... and the one with it joins a node, auto-approved.
        var kubelet = await rbac.JoinAsync(apiDefault.Token, "api-default-node");
        await kubelet.Registered.WaitAsync(RbacSandbox.Timeout);
        Assert.Equal(ChecklistStatus.Missing, rbac.Row(BootstrapRequirement.CreateCsrs, "system:bootstrappers").Status);
    }

    [Fact]
    public async Task Removing_the_csr_creation_binding_is_detected_and_the_fix_lets_nodes_join_again()
    {
        await using var rbac = await RbacSandbox.StartAsync(SandboxRbacProfile.Kubeadm);
        var token = await rbac.Sandbox.Kubelets!.CreateBootstrapTokenAsync("test", TimeSpan.FromHours(1), CancellationToken.None);
        await rbac.Admin.RbacAuthorizationV1.DeleteClusterRoleBindingAsync("kubeadm:kubelet-bootstrap");
        await RbacSandbox.Eventually(() => rbac.Row(BootstrapRequirement.CreateCsrs, KubeadmGroup).Status == ChecklistStatus.Missing, "the row is missing", Detect);
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => rbac.JoinAsync(token, "before-fix"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Response.StatusCode);

        var result = await rbac.Fix.ApplyAsync(new BootstrapFixRequest(), PortalActor.Local, CancellationToken.None);
        var created = Assert.Single(result.Bindings);
        Assert.Equal(("bootstrapportal:node-bootstrapper:" + KubeadmGroup, FixOutcome.Created), (created.Name, created.Outcome));
        var recorded = Assert.Single(rbac.Trail.Events, e => e.Action == AuditAction.RbacFix);
        Assert.Equal((created.Name, AuditOutcome.Succeeded, PortalActor.LocalName), (recorded.TargetName, recorded.Outcome, recorded.Actor.Name));

        await RbacSandbox.Eventually(() => rbac.Row(BootstrapRequirement.CreateCsrs, KubeadmGroup).Satisfied, "the row is satisfied", Detect);
        var kubelet = await rbac.JoinAsync(token, "after-fix");
        await kubelet.Registered.WaitAsync(RbacSandbox.Timeout);
    }

    [Fact]
    public async Task Removing_auto_approval_is_detected_nodes_wait_for_a_person_and_the_fix_approves_them()
    {
        await using var rbac = await RbacSandbox.StartAsync(SandboxRbacProfile.Kubeadm);
        var token = await rbac.Sandbox.Kubelets!.CreateBootstrapTokenAsync("test", TimeSpan.FromHours(1), CancellationToken.None);
        await rbac.Admin.RbacAuthorizationV1.DeleteClusterRoleBindingAsync("kubeadm:node-autoapprove-bootstrap");
        await RbacSandbox.Eventually(() => rbac.Row(BootstrapRequirement.AutoApproveClientCsrs, KubeadmGroup).Status == ChecklistStatus.Missing, "the row is missing", Detect);

        var kubelet = await rbac.JoinAsync(token, "waiting-node");
        var user = "system:bootstrap:" + token[..6];
        await RbacSandbox.Eventually(() => rbac.Cache.CertificateSigningRequests.Items.Any(c => c.Spec.Username == user), "its CSR is cached");
        // csrapproving retries every few seconds; the CSR stays pending while RBAC refuses the nodeclient review.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(KubeletPhase.WaitingForBootstrapCertificate, kubelet.Phase);
        Assert.All(rbac.Cache.CertificateSigningRequests.Items.Where(c => c.Spec.Username == user), c => Assert.Empty(c.Status?.Conditions ?? []));

        var result = await rbac.Fix.ApplyAsync(new BootstrapFixRequest(), PortalActor.Local, CancellationToken.None);
        Assert.Equal(("bootstrapportal:node-autoapprove-bootstrap:" + KubeadmGroup, FixOutcome.Created), (result.Bindings.Single().Name, result.Bindings.Single().Outcome));
        await kubelet.Registered.WaitAsync(RbacSandbox.Timeout);
        Assert.True(rbac.Row(BootstrapRequirement.AutoApproveClientCsrs, KubeadmGroup).Satisfied);
    }

    [Fact]
    public async Task Removing_renewal_approval_is_detected_renewals_pile_up_and_the_fix_lets_the_node_renew_again()
    {
        // A 1 h signing duration at clock speed 360 gives 10 s certificates: a node renews every 7-9 s.
        await using var rbac = await RbacSandbox.StartAsync(SandboxRbacProfile.Kubeadm, o => (o.ClockSpeed, o.SigningDuration) = (360, TimeSpan.FromHours(1)));
        var token = await rbac.Sandbox.Kubelets!.CreateBootstrapTokenAsync("test", TimeSpan.FromHours(24), CancellationToken.None);
        var kubelet = await rbac.JoinAsync(token, "renewing-node");
        await kubelet.Registered.WaitAsync(RbacSandbox.Timeout);
        await RbacSandbox.Eventually(() => kubelet.Renewals >= 1, "a first renewal");

        await rbac.Admin.RbacAuthorizationV1.DeleteClusterRoleBindingAsync("kubeadm:node-autoapprove-certificate-rotation");
        await RbacSandbox.Eventually(() => rbac.Row(BootstrapRequirement.AutoApproveRenewals, "system:nodes").Status == ChecklistStatus.Missing, "the row is missing", Detect);
        var renewals = kubelet.Renewals;
        await RbacSandbox.Eventually(() => rbac.Cache.CertificateSigningRequests.Items.Any(c => c.Spec.Username == "system:node:renewing-node"
            && (c.Status?.Conditions is null || c.Status.Conditions.Count == 0) && c.Metadata.CreationTimestamp < DateTime.UtcNow.AddSeconds(-3)),
            "a renewal CSR pending for a few seconds");
        Assert.InRange(kubelet.Renewals, renewals, renewals + 1);

        var result = await rbac.Fix.ApplyAsync(new BootstrapFixRequest(), PortalActor.Local, CancellationToken.None);
        Assert.Equal("bootstrapportal:node-autoapprove-certificate-rotation:system:nodes", result.Bindings.Single().Name);
        var afterFix = kubelet.Renewals;
        await RbacSandbox.Eventually(() => kubelet.Renewals > afterFix, "a renewal after the fix");
    }

    [Fact]
    public async Task The_fix_writes_as_the_impersonated_person_so_kubernetes_refuses_one_without_rights()
    {
        await using var rbac = await RbacSandbox.StartAsync(SandboxRbacProfile.Broken);
        var person = new PortalActor("mallory@example.com", PortalActorKind.Person, ["staff"], [PortalRole.Admin]);
        var result = await rbac.Fix.ApplyAsync(new BootstrapFixRequest(), person, CancellationToken.None);
        Assert.Equal(3, result.Bindings.Count);
        Assert.All(result.Bindings, b => Assert.Equal(FixOutcome.Refused, b.Outcome));
        Assert.All(result.Bindings, b => Assert.Contains("mallory@example.com", b.Message, StringComparison.Ordinal));
        Assert.All(rbac.Trail.Events.Where(e => e.Action == AuditAction.RbacFix), e => Assert.Equal(AuditOutcome.Refused, e.Outcome));
        Assert.Equal(ChecklistStatus.Missing, rbac.Row(BootstrapRequirement.CreateCsrs, KubeadmGroup).Status);

        await rbac.Admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "platform-admins" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "cluster-admin" },
            Subjects = [new Rbacv1Subject { Kind = "Group", ApiGroup = "rbac.authorization.k8s.io", Name = "platform-admins" }],
        });
        var admin = new PortalActor("root@example.com", PortalActorKind.Person, ["platform-admins"], [PortalRole.Admin]);
        var applied = await rbac.Fix.ApplyAsync(new BootstrapFixRequest(), admin, CancellationToken.None);
        Assert.All(applied.Bindings, b => Assert.Equal(FixOutcome.Created, b.Outcome));
        var binding = await rbac.Admin.RbacAuthorizationV1.ReadClusterRoleBindingAsync("bootstrapportal:node-bootstrapper:" + KubeadmGroup);
        Assert.Equal("root@example.com", binding.Metadata.Annotations["bootstrapportal.io/created-by"]);
        await RbacSandbox.Eventually(() => rbac.Audit.Current.Checklist.All(r => r.Status != ChecklistStatus.Missing), "nothing is missing", Detect);

        // A second run finds nothing left to do.
        Assert.Empty((await rbac.Fix.ApplyAsync(new BootstrapFixRequest(), admin, CancellationToken.None)).Bindings);
    }

    [Fact]
    public async Task The_fix_needs_the_admin_role_and_records_a_refusal()
    {
        await using var rbac = await RbacSandbox.StartAsync(SandboxRbacProfile.Broken);
        var viewer = new PortalActor("viewer@example.com", PortalActorKind.Person, [], [PortalRole.Viewer, PortalRole.Approver]);
        var denied = await Assert.ThrowsAsync<PortalAccessDeniedException>(() => rbac.Fix.ApplyAsync(new BootstrapFixRequest(), viewer, CancellationToken.None));
        Assert.Equal(PortalRole.Admin, denied.RequiredRole);
        var refusal = Assert.Single(rbac.Trail.Events);
        Assert.Equal((AuditAction.RbacFix, AuditOutcome.Refused), (refusal.Action, refusal.Outcome));
        Assert.DoesNotContain((await rbac.Admin.RbacAuthorizationV1.ListClusterRoleBindingAsync()).Items, b => b.Metadata.Name.StartsWith("bootstrapportal:", StringComparison.Ordinal));
        // The preview is a read: a viewer may see what would be created.
        Assert.Equal(3, rbac.Fix.Preview(new BootstrapFixRequest(), viewer).Bindings.Count);
    }

    [Fact]
    public async Task A_binding_that_exists_with_other_content_is_never_overwritten()
    {
        await using var rbac = await RbacSandbox.StartAsync(SandboxRbacProfile.Broken);
        await rbac.Admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "bootstrapportal:node-bootstrapper:" + KubeadmGroup },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "system:basic-user" },
            Subjects = [new Rbacv1Subject { Kind = "User", ApiGroup = "rbac.authorization.k8s.io", Name = "someone" }],
        });
        var result = await rbac.Fix.ApplyAsync(new BootstrapFixRequest(Requirements: [BootstrapRequirement.CreateCsrs]), PortalActor.Local, CancellationToken.None);
        var outcome = Assert.Single(result.Bindings);
        Assert.Equal(FixOutcome.Failed, outcome.Outcome);
        Assert.Contains("left unchanged", outcome.Message, StringComparison.Ordinal);
        Assert.Equal("system:basic-user", (await rbac.Admin.RbacAuthorizationV1.ReadClusterRoleBindingAsync(outcome.Name)).RoleRef.Name);
    }
}
