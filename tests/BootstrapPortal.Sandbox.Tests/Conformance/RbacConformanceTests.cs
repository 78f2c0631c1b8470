using System.Net;
using k8s;
using k8s.Models;

namespace BootstrapPortal.Sandbox.Tests.Conformance;

/// <summary>RBAC escalation prevention (k/k pkg/registry/rbac/*/policybased/storage.go, pkg/registry/rbac/validation/rule.go) and the seeded defaults.</summary>
[Collection(SandboxCollection.Name)]
public sealed class RbacConformanceTests(SandboxFixture fixture)
{
    private readonly Kubernetes admin = fixture.Admin;

    private async Task<Kubernetes> UserWithAsync(string user, params V1PolicyRule[] rules)
    {
        var role = TestNames.Unique("grant");
        await admin.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole { Metadata = new V1ObjectMeta { Name = role }, Rules = rules });
        await admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = role },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = role },
            Subjects = [new Rbacv1Subject { Kind = "User", Name = user, ApiGroup = "rbac.authorization.k8s.io" }],
        });
        return fixture.ClientFor(user);
    }

    private static V1PolicyRule RbacWrite() => new() { ApiGroups = ["rbac.authorization.k8s.io"], Resources = ["clusterroles", "clusterrolebindings"], Verbs = ["create", "update", "get"] };

    [Fact]
    public async Task Roles_may_grant_only_what_the_requester_holds()
    {
        var user = TestNames.Unique("rbac-writer");
        using var writer = await UserWithAsync(user, RbacWrite(), new V1PolicyRule { ApiGroups = [""], Resources = ["configmaps"], Verbs = ["get"] });
        var held = TestNames.Unique("held");
        await writer.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole
        {
            Metadata = new V1ObjectMeta { Name = held },
            Rules = [new V1PolicyRule { ApiGroups = [""], Resources = ["configmaps"], Verbs = ["get"] }],
        });

        var escalating = TestNames.Unique("escalating");
        var refused = await TestHelpers.FailsWith(HttpStatusCode.Forbidden, () => writer.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole
        {
            Metadata = new V1ObjectMeta { Name = escalating },
            Rules = [new V1PolicyRule { ApiGroups = [""], Resources = ["secrets"], Verbs = ["get", "list"] }],
        }));
        Assert.Equal($"clusterroles.rbac.authorization.k8s.io \"{escalating}\" is forbidden: user \"{user}\" (groups=[\"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:\n{{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\" \"list\"]}}",
            refused.Message());

        var binding = TestNames.Unique("bind-admin");
        var bind = await TestHelpers.FailsWith(HttpStatusCode.Forbidden, () => writer.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = binding },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "cluster-admin" },
            Subjects = [new Rbacv1Subject { Kind = "User", Name = user, ApiGroup = "rbac.authorization.k8s.io" }],
        }));
        Assert.StartsWith($"clusterrolebindings.rbac.authorization.k8s.io \"{binding}\" is forbidden: user \"{user}\" (groups=[\"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:", bind.Message(), StringComparison.Ordinal);

        var aggregated = TestNames.Unique("aggregated");
        var aggregation = await TestHelpers.FailsWith(HttpStatusCode.Forbidden, () => writer.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole
        {
            Metadata = new V1ObjectMeta { Name = aggregated },
            AggregationRule = new V1AggregationRule { ClusterRoleSelectors = [new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["x"] = "y" } }] },
        }));
        Assert.Equal($"clusterroles.rbac.authorization.k8s.io \"{aggregated}\" is forbidden: must have cluster-admin privileges to use the aggregationRule", aggregation.Message());
    }

    [Fact]
    public async Task Escalate_and_bind_verbs_lift_the_check()
    {
        var user = TestNames.Unique("rbac-escalator");
        using var escalator = await UserWithAsync(user, RbacWrite(),
            new V1PolicyRule { ApiGroups = ["rbac.authorization.k8s.io"], Resources = ["clusterroles"], Verbs = ["escalate", "bind"] });
        var role = TestNames.Unique("secrets-reader");
        await escalator.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole
        {
            Metadata = new V1ObjectMeta { Name = role },
            Rules = [new V1PolicyRule { ApiGroups = [""], Resources = ["secrets"], Verbs = ["get"] }],
        });
        await escalator.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = role },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = role },
            Subjects = [new Rbacv1Subject { Kind = "User", Name = "someone", ApiGroup = "rbac.authorization.k8s.io" }],
        });

        var created = await admin.RbacAuthorizationV1.ReadClusterRoleBindingAsync(role);
        created.RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "view" };
        var immutable = await TestHelpers.FailsWith((HttpStatusCode)422, () => admin.RbacAuthorizationV1.ReplaceClusterRoleBindingAsync(created, role));
        Assert.EndsWith("roleRef: Invalid value: rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\", Kind:\"ClusterRole\", Name:\"" + role + "\"}: cannot change roleRef", immutable.Message(), StringComparison.Ordinal);
    }

    /// <summary>k/k plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go, controller_policy.go; kubeadm's kubeconfig phase.</summary>
    [Fact]
    public async Task A_kubeadm_clusters_default_roles_and_bindings_are_seeded()
    {
        var roles = (await admin.RbacAuthorizationV1.ListClusterRoleAsync()).Items.ToDictionary(r => r.Metadata.Name);
        foreach (var name in new[] { "admin", "edit", "view", "system:aggregate-to-admin", "system:aggregate-to-edit", "system:aggregate-to-view",
            "system:kube-controller-manager", "system:kube-scheduler", "system:node", "system:node-proxier", "system:monitoring", "system:discovery",
            "system:basic-user", "system:public-info-viewer", "system:controller:certificate-controller", "system:controller:namespace-controller",
            "system:controller:clusterrole-aggregation-controller" })
        {
            Assert.True(roles.ContainsKey(name), name);
        }

        Assert.Equal("true", roles["system:aggregate-to-view"].Metadata.Labels["rbac.authorization.k8s.io/aggregate-to-view"]);
        Assert.Equal("true", roles["view"].AggregationRule.ClusterRoleSelectors.Single().MatchLabels["rbac.authorization.k8s.io/aggregate-to-view"]);
        var bindings = (await admin.RbacAuthorizationV1.ListClusterRoleBindingAsync()).Items.ToDictionary(b => b.Metadata.Name);
        var clusterAdmins = bindings["kubeadm:cluster-admins"];
        Assert.Equal("cluster-admin", clusterAdmins.RoleRef.Name);
        Assert.Equal(("Group", "kubeadm:cluster-admins"), (clusterAdmins.Subjects.Single().Kind, clusterAdmins.Subjects.Single().Name));
        Assert.Equal("system:kube-controller-manager", bindings["system:kube-controller-manager"].Subjects.Single().Name);
        Assert.Equal("system:monitoring", bindings["system:monitoring"].Subjects.Single().Name);
        Assert.Equal("system:kube-scheduler", bindings["system:kube-scheduler"].Subjects.Single().Name);
        Assert.Contains((await admin.CoreV1.ListNamespacedServiceAccountAsync("kube-system")).Items, sa => sa.Metadata.Name == "certificate-controller");
    }
}
