using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Core.Tokens;
using k8s.Models;

namespace BootstrapPortal.Tests.Shared;

/// <summary>
/// RBAC objects for pure tests: the default roles and bindings of kube-apiserver and kubeadm that matter to bootstrapping
/// (k/k plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go, controller_policy.go; kubeadm's tlsbootstrap.go and
/// clusterinfo.go), and builders for planting more.
/// </summary>
internal sealed class TestRbac
{
    public const string KubeadmGroup = "system:bootstrappers:kubeadm:default-node-token";
    public static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    public List<V1ClusterRole> ClusterRoles { get; } = [];

    public List<V1ClusterRoleBinding> ClusterRoleBindings { get; } = [];

    public List<V1Role> Roles { get; } = [];

    public List<V1RoleBinding> RoleBindings { get; } = [];

    public RbacPolicy Policy => new(ClusterRoles, ClusterRoleBindings, Roles, RoleBindings);

    /// <summary>The defaults of a kubeadm cluster (without kubeadm's three bootstrap bindings when <paramref name="bootstrapBindings"/> is false).</summary>
    public static TestRbac Kubeadm(bool bootstrapBindings = true)
    {
        var rbac = new TestRbac();
        rbac.ClusterRole("cluster-admin", Rule(["*"], ["*"], ["*"]), new V1PolicyRule { Verbs = ["*"], NonResourceURLs = ["*"] });
        rbac.ClusterRole("system:discovery", new V1PolicyRule { Verbs = ["get"], NonResourceURLs = ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"] });
        rbac.ClusterRole("system:public-info-viewer", new V1PolicyRule { Verbs = ["get"], NonResourceURLs = ["/healthz", "/livez", "/readyz", "/version", "/version/"] });
        rbac.ClusterRole("system:basic-user", Rule(["create"], ["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
            Rule(["create"], ["authentication.k8s.io"], ["selfsubjectreviews"]));
        rbac.ClusterRole(BootstrapRequirements.NodeBootstrapperRole, Rule(["create", "get", "list", "watch"], ["certificates.k8s.io"], ["certificatesigningrequests"]));
        rbac.ClusterRole(BootstrapRequirements.NodeClientRole, Rule(["create"], ["certificates.k8s.io"], ["certificatesigningrequests/nodeclient"]));
        rbac.ClusterRole(BootstrapRequirements.SelfNodeClientRole, Rule(["create"], ["certificates.k8s.io"], ["certificatesigningrequests/selfnodeclient"]));
        rbac.ClusterRole("system:certificates.k8s.io:kube-apiserver-client-kubelet-approver",
            Rule(["approve"], ["certificates.k8s.io"], ["signers"], ["kubernetes.io/kube-apiserver-client-kubelet"]));
        rbac.ClusterRole("system:controller:certificate-controller",
            Rule(["delete", "get", "list", "watch"], ["certificates.k8s.io"], ["certificatesigningrequests"]),
            Rule(["update"], ["certificates.k8s.io"], ["certificatesigningrequests/approval", "certificatesigningrequests/status"]),
            Rule(["approve"], ["certificates.k8s.io"], ["signers"], ["kubernetes.io/kube-apiserver-client-kubelet"]),
            Rule(["sign"], ["certificates.k8s.io"], ["signers"], ["kubernetes.io/legacy-unknown", "kubernetes.io/kube-apiserver-client", "kubernetes.io/kube-apiserver-client-kubelet", "kubernetes.io/kubelet-serving"]),
            Rule(["create"], ["authorization.k8s.io"], ["subjectaccessreviews"]));
        rbac.ClusterRole("kubeadm:get-nodes", Rule(["get"], [""], ["nodes"]));
        rbac.Binding("cluster-admin", "cluster-admin", Group("system:masters"));
        rbac.Binding("kubeadm:cluster-admins", "cluster-admin", Group("kubeadm:cluster-admins"));
        rbac.Binding("system:basic-user", "system:basic-user", Group("system:authenticated"));
        rbac.Binding("system:discovery", "system:discovery", Group("system:authenticated"));
        rbac.Binding("system:public-info-viewer", "system:public-info-viewer", Group("system:authenticated"), Group("system:unauthenticated"));
        rbac.Binding("system:controller:certificate-controller", "system:controller:certificate-controller", ServiceAccount("certificate-controller", "kube-system"));
        rbac.Binding("kubeadm:get-nodes", "kubeadm:get-nodes", Group(KubeadmGroup));
        if (bootstrapBindings)
        {
            rbac.Binding("kubeadm:kubelet-bootstrap", BootstrapRequirements.NodeBootstrapperRole, Group(KubeadmGroup));
            rbac.Binding("kubeadm:node-autoapprove-bootstrap", BootstrapRequirements.NodeClientRole, Group(KubeadmGroup));
            rbac.Binding("kubeadm:node-autoapprove-certificate-rotation", BootstrapRequirements.SelfNodeClientRole, Group("system:nodes"));
        }

        rbac.Role("kubeadm:bootstrap-signer-clusterinfo", "kube-public", Rule(["get"], [""], ["configmaps"], ["cluster-info"]));
        rbac.RoleBinding("kubeadm:bootstrap-signer-clusterinfo", "kube-public", "Role", "kubeadm:bootstrap-signer-clusterinfo", User("system:anonymous"));
        rbac.Role("kubeadm:kubelet-config", "kube-system", Rule(["get"], [""], ["configmaps"], ["kubelet-config"]));
        rbac.RoleBinding("kubeadm:kubelet-config", "kube-system", "Role", "kubeadm:kubelet-config", Group("system:nodes"), Group(KubeadmGroup));
        return rbac;
    }

    public TestRbac ClusterRole(string name, params V1PolicyRule[] rules)
    {
        ClusterRoles.RemoveAll(r => r.Metadata.Name == name);
        ClusterRoles.Add(new V1ClusterRole { Metadata = new V1ObjectMeta { Name = name }, Rules = rules });
        return this;
    }

    public TestRbac Role(string name, string ns, params V1PolicyRule[] rules)
    {
        Roles.Add(new V1Role { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns }, Rules = rules });
        return this;
    }

    public TestRbac Binding(string name, string clusterRole, params Rbacv1Subject[] subjects)
    {
        ClusterRoleBindings.RemoveAll(b => b.Metadata.Name == name);
        ClusterRoleBindings.Add(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = name },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = clusterRole },
            Subjects = subjects,
        });
        return this;
    }

    public TestRbac Without(string bindingName)
    {
        ClusterRoleBindings.RemoveAll(b => b.Metadata.Name == bindingName);
        return this;
    }

    public TestRbac RoleBinding(string name, string ns, string roleKind, string role, params Rbacv1Subject[] subjects)
    {
        RoleBindings.Add(new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = roleKind, Name = role },
            Subjects = subjects,
        });
        return this;
    }

    public static V1PolicyRule Rule(string[] verbs, string[] groups, string[] resources, string[]? names = null) =>
        new() { Verbs = verbs, ApiGroups = groups, Resources = resources, ResourceNames = names };

    public static Rbacv1Subject Group(string name) => new() { Kind = "Group", ApiGroup = "rbac.authorization.k8s.io", Name = name };

    public static Rbacv1Subject User(string name) => new() { Kind = "User", ApiGroup = "rbac.authorization.k8s.io", Name = name };

    public static Rbacv1Subject ServiceAccount(string name, string? ns) => new() { Kind = "ServiceAccount", Name = name, NamespaceProperty = ns };

    /// <summary>A token row as the inventory builds it.</summary>
    public static BootstrapTokenInfo Token(string id, string[]? groups = null, TokenStatus status = TokenStatus.Valid, string[]? usages = null) =>
        new(id, "bootstrap-token-" + id, null, status == TokenStatus.NeverExpires ? null : status == TokenStatus.Expired ? Now.AddHours(-1) : Now.AddHours(status == TokenStatus.ExpiringSoon ? 1 : 20),
            usages ?? ["authentication", "signing"], groups ?? [], null, false, status, status == TokenStatus.Invalid ? "bad expiration" : null, Now.AddHours(-1), [], []);

    public static SubjectDirectory Directory(string[] namespaces, string[] serviceAccounts) =>
        new(namespaces.ToHashSet(StringComparer.Ordinal), null, serviceAccounts.ToHashSet(StringComparer.Ordinal), null, Now);

    public static SubjectDirectory KubeadmDirectory() =>
        Directory(["default", "kube-system", "kube-public", "kube-node-lease"], ["kube-system/certificate-controller", "kube-system/default"]);
}
