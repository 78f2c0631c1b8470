using BootstrapPortal.Core.Rbac;
using k8s.Models;

namespace BootstrapPortal.Core.Tests.Rbac;

public sealed class RbacPolicyTests
{
    private static V1PolicyRule Rule(string[] verbs, string[] groups, string[] resources, string[]? names = null) =>
        new() { Verbs = verbs, ApiGroups = groups, Resources = resources, ResourceNames = names };

    private static V1ClusterRole ClusterRole(string name, params V1PolicyRule[] rules) => new() { Metadata = new V1ObjectMeta { Name = name }, Rules = rules };

    private static V1ClusterRoleBinding ClusterBinding(string name, string role, params Rbacv1Subject[] subjects) =>
        new() { Metadata = new V1ObjectMeta { Name = name }, RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = role }, Subjects = subjects };

    private static Rbacv1Subject User(string name) => new() { Kind = "User", Name = name, ApiGroup = "rbac.authorization.k8s.io" };

    private static Rbacv1Subject Group(string name) => new() { Kind = "Group", Name = name, ApiGroup = "rbac.authorization.k8s.io" };

    private static RbacRequest Request(string verb, string group, string resource, string? sub = null, string? name = null, string? ns = null,
        string user = "alice", params string[] groups) => RbacRequest.ForResource(user, groups, verb, group, resource, sub, name, ns);

    public static TheoryData<string, V1PolicyRule, RbacRequest, bool> RuleCases() => new()
    {
        { "exact", Rule(["get"], [""], ["nodes"]), Request("get", "", "nodes", name: "n1"), true },
        { "verb mismatch", Rule(["get"], [""], ["nodes"]), Request("list", "", "nodes"), false },
        { "group mismatch", Rule(["get"], ["apps"], ["nodes"]), Request("get", "", "nodes"), false },
        { "wildcards", Rule(["*"], ["*"], ["*"]), Request("delete", "x.io", "things", "status", "a"), true },
        { "resource does not match subresource", Rule(["get"], [""], ["nodes"]), Request("get", "", "nodes", "status", "n1"), false },
        { "resource/subresource", Rule(["update"], [""], ["nodes/status"]), Request("update", "", "nodes", "status", "n1"), true },
        { "*/subresource", Rule(["update"], [""], ["*/status"]), Request("update", "", "nodes", "status", "n1"), true },
        { "*/subresource not main", Rule(["update"], [""], ["*/status"]), Request("update", "", "nodes", null, "n1"), false },
        { "resource/* only literal", Rule(["update"], [""], ["nodes/*"]), Request("update", "", "nodes", "status", "n1"), false },
        { "resourceNames match", Rule(["get"], [""], ["configmaps"], ["cluster-info"]), Request("get", "", "configmaps", name: "cluster-info", ns: "kube-public"), true },
        { "resourceNames other", Rule(["get"], [""], ["configmaps"], ["cluster-info"]), Request("get", "", "configmaps", name: "x", ns: "kube-public"), false },
        { "resourceNames never create", Rule(["create"], [""], ["configmaps"], ["cluster-info"]), Request("create", "", "configmaps", ns: "kube-public"), false },
        { "resourceNames list without name", Rule(["list"], [""], ["configmaps"], ["cluster-info"]), Request("list", "", "configmaps", ns: "kube-public"), false },
        { "resourceNames list with name from field selector", Rule(["list"], [""], ["configmaps"], ["cluster-info"]), Request("list", "", "configmaps", name: "cluster-info", ns: "kube-public"), true },
        { "signers approve", Rule(["approve"], ["certificates.k8s.io"], ["signers"], ["kubernetes.io/kube-apiserver-client-kubelet"]), Request("approve", "certificates.k8s.io", "signers", name: "kubernetes.io/kube-apiserver-client-kubelet"), true },
    };

    [Theory]
    [MemberData(nameof(RuleCases))]
    public void Rule_matching(string description, V1PolicyRule rule, RbacRequest request, bool expected)
    {
        Assert.True(expected == RbacPolicy.RuleAllows(rule, request), description);
    }

    [Theory]
    [InlineData("/healthz", "/healthz", true)]
    [InlineData("/healthz", "/healthz/etcd", false)]
    [InlineData("/apis/*", "/apis/certificates.k8s.io/v1", true)]
    [InlineData("/apis/*", "/apis", false)]
    [InlineData("*", "/anything", true)]
    public void Non_resource_urls(string url, string path, bool expected)
    {
        var rule = new V1PolicyRule { Verbs = ["get"], NonResourceURLs = [url] };
        Assert.Equal(expected, RbacPolicy.RuleAllows(rule, RbacRequest.ForPath("u", [], "get", path)));
        Assert.False(RbacPolicy.RuleAllows(rule, RbacRequest.ForPath("u", [], "post", path)));
    }

    [Fact]
    public void Reason_names_binding_role_and_subject()
    {
        var policy = new RbacPolicy(
            [ClusterRole("system:certificates.k8s.io:certificatesigningrequests:nodeclient", Rule(["create"], ["certificates.k8s.io"], ["certificatesigningrequests/nodeclient"]))],
            [ClusterBinding("kubeadm:node-autoapprove-bootstrap", "system:certificates.k8s.io:certificatesigningrequests:nodeclient", Group("system:bootstrappers:kubeadm:default-node-token"))],
            [], []);
        var decision = policy.Authorize(Request("create", "certificates.k8s.io", "certificatesigningrequests", "nodeclient", user: "system:bootstrap:abcdef",
            groups: ["system:bootstrappers", "system:bootstrappers:kubeadm:default-node-token", "system:authenticated"]));
        Assert.True(decision.Allowed);
        Assert.Equal("RBAC: allowed by ClusterRoleBinding \"kubeadm:node-autoapprove-bootstrap\" of ClusterRole \"system:certificates.k8s.io:certificatesigningrequests:nodeclient\" to Group \"system:bootstrappers:kubeadm:default-node-token\"", decision.Reason);
        var denied = policy.Authorize(Request("create", "certificates.k8s.io", "certificatesigningrequests", "selfnodeclient", user: "system:bootstrap:abcdef", groups: ["system:bootstrappers:kubeadm:default-node-token"]));
        Assert.False(denied.Allowed);
        Assert.Equal(string.Empty, denied.Reason);
    }

    [Fact]
    public void RoleBinding_to_ClusterRole_is_scoped_to_its_namespace()
    {
        var policy = new RbacPolicy(
            [ClusterRole("view-secrets", Rule(["get"], [""], ["secrets"]))], [], [],
            [new V1RoleBinding
            {
                Metadata = new V1ObjectMeta { Name = "rb", NamespaceProperty = "team" },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "view-secrets" },
                Subjects = [User("alice")],
            }]);
        var allowed = policy.Authorize(Request("get", "", "secrets", name: "s", ns: "team"));
        Assert.True(allowed.Allowed);
        Assert.Equal("RBAC: allowed by RoleBinding \"rb/team\" of ClusterRole \"view-secrets\" to User \"alice\"", allowed.Reason);
        Assert.False(policy.Authorize(Request("get", "", "secrets", name: "s", ns: "other")).Allowed);
        Assert.False(policy.Authorize(Request("get", "", "secrets", name: "s")).Allowed);
    }

    [Fact]
    public void Role_in_one_namespace_and_service_account_subjects()
    {
        var policy = new RbacPolicy([], [],
            [new V1Role { Metadata = new V1ObjectMeta { Name = "reader", NamespaceProperty = "kube-system" }, Rules = [Rule(["get", "list", "watch"], [""], ["secrets"])] }],
            [new V1RoleBinding
            {
                Metadata = new V1ObjectMeta { Name = "system:controller:bootstrap-signer", NamespaceProperty = "kube-system" },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "reader" },
                Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "bootstrap-signer", NamespaceProperty = "kube-system" }],
            }]);
        var decision = policy.Authorize(Request("list", "", "secrets", ns: "kube-system", user: "system:serviceaccount:kube-system:bootstrap-signer"));
        Assert.True(decision.Allowed);
        Assert.Equal("RBAC: allowed by RoleBinding \"system:controller:bootstrap-signer/kube-system\" of Role \"reader\" to ServiceAccount \"bootstrap-signer/kube-system\"", decision.Reason);
        Assert.False(policy.Authorize(Request("list", "", "secrets", ns: "kube-system", user: "system:serviceaccount:default:bootstrap-signer")).Allowed);
        Assert.False(policy.Authorize(Request("list", "", "secrets", ns: "kube-system", user: "bootstrap-signer")).Allowed);
    }

    [Fact]
    public void ClusterRoleBinding_applies_in_every_namespace_and_missing_roles_grant_nothing()
    {
        var policy = new RbacPolicy([ClusterRole("r", Rule(["list"], [""], ["secrets"]))],
            [ClusterBinding("b", "r", Group("g")), ClusterBinding("dangling", "missing", User("alice"))], [], []);
        Assert.True(policy.Authorize(Request("list", "", "secrets", ns: "any", user: "bob", groups: ["g"])).Allowed);
        Assert.True(policy.Authorize(Request("list", "", "secrets", user: "bob", groups: ["g"])).Allowed);
        Assert.False(policy.Authorize(Request("list", "", "secrets", user: "alice")).Allowed);
    }

    [Fact]
    public void RulesFor_collects_cluster_and_namespace_rules()
    {
        var policy = new RbacPolicy([ClusterRole("r", Rule(["list"], [""], ["secrets"]))], [ClusterBinding("b", "r", User("alice"))],
            [new V1Role { Metadata = new V1ObjectMeta { Name = "x", NamespaceProperty = "n" }, Rules = [Rule(["get"], [""], ["pods"])] }],
            [new V1RoleBinding { Metadata = new V1ObjectMeta { Name = "y", NamespaceProperty = "n" }, RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "x" }, Subjects = [User("alice")] }]);
        Assert.Equal(2, policy.RulesFor("alice", [], "n").Count);
        Assert.Single(policy.RulesFor("alice", [], "other"));
        Assert.Empty(policy.RulesFor("bob", [], "n"));
    }
}
