using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Core.Tokens;
using BootstrapPortal.Tests.Shared;
using static BootstrapPortal.Tests.Shared.TestRbac;

namespace BootstrapPortal.Core.Tests.Rbac;

public sealed class RbacFindingsTests
{
    private static IReadOnlyList<RbacFinding> Findings(TestRbac rbac, SubjectDirectory? directory = null, params BootstrapTokenInfo[] tokens) =>
        RbacFindings.Evaluate(rbac.Policy, tokens, directory ?? KubeadmDirectory());

    private static k8s.Models.V1PolicyRule Secrets() => Rule(["get", "list"], [""], ["secrets"]);

    private static RbacFinding Finding(IReadOnlyList<RbacFinding> findings, string id) => Assert.Single(findings, f => f.Id == id);

    [Fact]
    public void The_defaults_of_a_kubeadm_cluster_have_no_findings()
    {
        Assert.Empty(Findings(Kubeadm(), tokens: [Token("abcdef", [KubeadmGroup])]));
    }

    [Fact]
    public void Bootstrap_groups_bound_to_more_than_bootstrapping_are_found_with_the_binding_and_fix()
    {
        var rbac = Kubeadm().ClusterRole("secret-reader", Secrets()).Binding("tokens-read-secrets", "secret-reader", Group(KubeadmGroup), User("alice"));
        var finding = Finding(Findings(rbac), "bootstrap-grant:ClusterRoleBinding/tokens-read-secrets");
        Assert.Equal(RbacFindingSeverity.Critical, finding.Severity);
        Assert.Equal(["Group " + KubeadmGroup], finding.Subjects);
        Assert.Equal(new RbacObjectRef("ClusterRoleBinding", null, "tokens-read-secrets"), Assert.Single(finding.Bindings));
        Assert.Equal(new RbacObjectRef("ClusterRole", null, "secret-reader"), Assert.Single(finding.Roles));
        Assert.Contains("secrets", finding.Detail, StringComparison.Ordinal);
        Assert.Contains("kubectl edit clusterrolebinding tokens-read-secrets", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tampered_bootstrap_role_is_found_through_kubeadms_own_binding()
    {
        var rbac = Kubeadm().ClusterRole(BootstrapRequirements.NodeBootstrapperRole,
            Rule(["create", "get", "list", "watch"], ["certificates.k8s.io"], ["certificatesigningrequests"]),
            Rule(["update"], ["certificates.k8s.io"], ["certificatesigningrequests/approval"]));
        var finding = Finding(Findings(rbac), "bootstrap-grant:ClusterRoleBinding/kubeadm:kubelet-bootstrap");
        Assert.Equal(RbacFindingSeverity.Critical, finding.Severity);
        Assert.Contains("delete clusterrolebinding kubeadm:kubelet-bootstrap", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bootstrap_user_bound_to_cluster_wide_node_reads_is_a_high_finding()
    {
        var rbac = Kubeadm().ClusterRole("node-lister", Rule(["list"], [""], ["nodes"])).Binding("one-token", "node-lister", User("system:bootstrap:abcdef"));
        var finding = Finding(Findings(rbac), "bootstrap-grant:ClusterRoleBinding/one-token");
        Assert.Equal(RbacFindingSeverity.High, finding.Severity);
    }

    [Fact]
    public void Grants_to_every_authenticated_user_are_found()
    {
        var rbac = Kubeadm().ClusterRole("pod-reader", Rule(["list"], [""], ["pods"])).Binding("everyone-reads-pods", "pod-reader", Group("system:authenticated"));
        var finding = Finding(Findings(rbac), "authenticated-grant:ClusterRoleBinding/everyone-reads-pods");
        Assert.Equal(RbacFindingSeverity.High, finding.Severity);
        Assert.Contains("bootstrap token", finding.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Anonymous_grants_beyond_the_defaults_are_found_but_kubeadms_cluster_info_read_is_not()
    {
        var rbac = Kubeadm().Binding("anonymous-discovery", "system:discovery", Group("system:unauthenticated"));
        var findings = Findings(rbac);
        Assert.Equal(RbacFindingSeverity.High, Finding(findings, "anonymous-grant:ClusterRoleBinding/anonymous-discovery").Severity);
        Assert.DoesNotContain(findings, f => f.Id.Contains("bootstrap-signer-clusterinfo", StringComparison.Ordinal));

        // The same read of cluster-info granted cluster-wide reaches every namespace's ConfigMap of that name.
        var wide = Kubeadm().ClusterRole("cluster-info-reader", Rule(["get"], [""], ["configmaps"], ["cluster-info"]))
            .Binding("anonymous-cluster-info", "cluster-info-reader", User("system:anonymous"));
        Assert.Single(Findings(wide), f => f.Id == "anonymous-grant:ClusterRoleBinding/anonymous-cluster-info");
        var secrets = Kubeadm().ClusterRole("secret-reader", Secrets()).Binding("anonymous-secrets", "secret-reader", User("system:anonymous"));
        Assert.Equal(RbacFindingSeverity.Critical, Finding(Findings(secrets), "anonymous-grant:ClusterRoleBinding/anonymous-secrets").Severity);
    }

    [Theory]
    [InlineData("certificates.k8s.io", "*", null, "every certificates.k8s.io resource")]
    [InlineData("certificates.k8s.io", "signers", null, "every signer (no resourceNames)")]
    [InlineData("certificates.k8s.io", "signers", "kubernetes.io/*", "every signer matching kubernetes.io/*")]
    [InlineData("", "*", null, "every core resource")]
    [InlineData("*", "*", null, "every resource of every API group")]
    public void Wildcards_over_certificates_signers_or_secrets_are_found(string group, string resource, string? name, string expected)
    {
        var rule = Rule(resource == "signers" ? ["approve"] : ["get"], [group], [resource], name is null ? null : [name]);
        var unbound = Kubeadm().ClusterRole("wild", rule);
        var finding = Finding(Findings(unbound), "wildcard:ClusterRole/wild");
        Assert.Equal(RbacFindingSeverity.Low, finding.Severity);
        Assert.Contains(expected, finding.Detail, StringComparison.Ordinal);

        var bound = Kubeadm().ClusterRole("wild", rule).Binding("wild-ops", "wild", Group("ops"));
        var boundFinding = Finding(Findings(bound), "wildcard:ClusterRole/wild");
        Assert.Equal(RbacFindingSeverity.High, boundFinding.Severity);
        Assert.Equal(["Group ops"], boundFinding.Subjects);
        Assert.Equal("wild-ops", Assert.Single(boundFinding.Bindings).Name);
    }

    [Fact]
    public void Named_signers_and_explicit_verbs_are_not_wildcards()
    {
        var rbac = Kubeadm().ClusterRole("kubelet-approver", Rule(["approve"], ["certificates.k8s.io"], ["signers"], ["kubernetes.io/kube-apiserver-client-kubelet"]),
            Rule(["get", "list", "watch"], [""], ["secrets"]));
        Assert.DoesNotContain(Findings(rbac), f => f.Id.StartsWith("wildcard:", StringComparison.Ordinal));
    }

    [Fact]
    public void Cluster_admin_bound_beyond_the_superuser_groups_is_found()
    {
        var rbac = Kubeadm().Binding("alice-admin", "cluster-admin", User("alice"), Group("system:masters"));
        var finding = Finding(Findings(rbac), "cluster-admin:ClusterRoleBinding/alice-admin");
        Assert.Equal(RbacFindingSeverity.High, finding.Severity);
        Assert.Equal(["User alice"], finding.Subjects);
        Assert.Contains("Remove User alice", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Bindings_to_roles_that_do_not_exist_are_found()
    {
        var rbac = Kubeadm().Binding("dangling", "no-such-role", User("bob"))
            .RoleBinding("dangling-role", "default", "Role", "gone", User("bob"));
        var findings = Findings(rbac);
        Assert.Equal(RbacFindingSeverity.Medium, Finding(findings, "missing-role:ClusterRoleBinding/dangling").Severity);
        Assert.Equal(new RbacObjectRef("Role", "default", "gone"), Assert.Single(Finding(findings, "missing-role:RoleBinding/default/dangling-role").Roles));
    }

    [Fact]
    public void Bindings_to_service_accounts_that_do_not_exist_are_found_and_unknown_ones_are_reported_as_not_checked()
    {
        var rbac = Kubeadm().ClusterRole("pod-reader", Rule(["list"], [""], ["pods"]))
            .Binding("ghost-sa", "pod-reader", ServiceAccount("ghost", "kube-system"))
            .Binding("ghost-ns", "pod-reader", ServiceAccount("robot", "no-such-namespace"))
            .RoleBinding("local-sa", "default", "ClusterRole", "pod-reader", ServiceAccount("robot", null));
        var findings = Findings(rbac);
        Assert.Contains("there is no ServiceAccount ghost", Finding(findings, "missing-serviceaccount:ClusterRoleBinding/ghost-sa:kube-system/ghost").Title, StringComparison.Ordinal);
        Assert.Contains("namespace no-such-namespace does not exist", Finding(findings, "missing-serviceaccount:ClusterRoleBinding/ghost-ns:no-such-namespace/robot").Title, StringComparison.Ordinal);
        // A ServiceAccount subject without a namespace is the RoleBinding's own.
        Finding(findings, "missing-serviceaccount:RoleBinding/default/local-sa:default/robot");
        Assert.DoesNotContain(findings, f => f.Id.Contains("certificate-controller", StringComparison.Ordinal));

        var unknown = Findings(rbac, SubjectDirectory.Unknown("the portal may not list serviceaccounts", Now));
        var info = Finding(unknown, "serviceaccounts-not-checked");
        Assert.Equal(RbacFindingSeverity.Info, info.Severity);
        Assert.DoesNotContain(unknown, f => f.Id.StartsWith("missing-serviceaccount", StringComparison.Ordinal));
    }

    [Fact]
    public void Cis_5_1_11_lists_who_besides_the_controller_may_approve_csrs()
    {
        Assert.DoesNotContain(Findings(Kubeadm()), f => f.Id == "cis-5.1.11");
        var rbac = Kubeadm()
            .ClusterRole("approver", Rule(["update"], ["certificates.k8s.io"], ["certificatesigningrequests/approval"]),
                Rule(["approve"], ["certificates.k8s.io"], ["signers"], ["kubernetes.io/kube-apiserver-client-kubelet"]))
            .Binding("alice-approves", "approver", User("alice"))
            .ClusterRole("half", Rule(["patch"], ["certificates.k8s.io"], ["certificatesigningrequests/approval"]))
            .Binding("bob-half", "half", User("bob"));
        var finding = Finding(Findings(rbac), "cis-5.1.11");
        Assert.Equal("CIS 5.1.11", finding.Benchmark);
        Assert.Equal(RbacFindingSeverity.High, finding.Severity);
        Assert.Equal(["User alice", "User bob"], finding.Subjects);
        Assert.Contains("These also hold approve on a signer: User alice.", finding.Detail, StringComparison.Ordinal);
        Assert.Equal(["alice-approves", "bob-half"], finding.Bindings.Select(b => b.Name));
    }

    [Fact]
    public void Cis_3_1_3_finds_tokens_used_like_user_credentials()
    {
        Assert.DoesNotContain(Findings(Kubeadm(), tokens: [Token("abcdef", [KubeadmGroup])]), f => f.Id == "cis-3.1.3");
        var never = Finding(Findings(Kubeadm(), tokens: [Token("forevr", [KubeadmGroup], TokenStatus.NeverExpires)]), "cis-3.1.3");
        Assert.Equal(RbacFindingSeverity.Medium, never.Severity);
        Assert.Equal(["system:bootstrap:forevr"], never.Subjects);

        var rbac = Kubeadm().ClusterRole("pod-reader", Rule(["list"], [""], ["pods"])).Binding("personal", "pod-reader", User("system:bootstrap:abcdef"));
        var personal = Finding(Findings(rbac, tokens: [Token("abcdef", [KubeadmGroup]), Token("other1", [KubeadmGroup])]), "cis-3.1.3");
        Assert.Equal(RbacFindingSeverity.High, personal.Severity);
        Assert.Equal(["system:bootstrap:abcdef"], personal.Subjects);
        Assert.Contains("bound by name in ClusterRoleBinding personal", personal.Detail, StringComparison.Ordinal);

        var groups = Kubeadm().ClusterRole("pod-reader", Rule(["list"], [""], ["pods"])).Binding("group-grant", "pod-reader", Group("system:bootstrappers:ci"));
        var overGranted = Finding(Findings(groups, tokens: [Token("citokn", ["system:bootstrappers:ci"])]), "cis-3.1.3");
        Assert.Contains("granted more than bootstrapping", overGranted.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_come_worst_first()
    {
        var rbac = Kubeadm().Binding("dangling", "no-such-role", User("bob"))
            .ClusterRole("secret-reader", Secrets()).Binding("anon", "secret-reader", User("system:anonymous"));
        var severities = Findings(rbac).Select(f => f.Severity).ToArray();
        Assert.Equal(severities.Order(), severities);
    }
}
