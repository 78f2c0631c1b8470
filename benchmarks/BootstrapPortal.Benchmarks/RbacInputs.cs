using k8s.Models;

namespace BootstrapPortal.Benchmarks;

/// <summary>A kubeadm-like RBAC policy grown to a fleet's size: the bootstrap roles plus bindings to users, groups and service accounts.</summary>
internal static class RbacInputs
{
    public const string ApproverRole = "csr-approver";

    public static V1ClusterRole[] ClusterRoles() =>
    [
        Role("cluster-admin", new V1PolicyRule { ApiGroups = ["*"], Resources = ["*"], Verbs = ["*"] }),
        Role("view", new V1PolicyRule { ApiGroups = [""], Resources = ["nodes", "pods", "services", "configmaps"], Verbs = ["get", "list", "watch"] }),
        Role("system:node-bootstrapper", new V1PolicyRule { ApiGroups = ["certificates.k8s.io"], Resources = ["certificatesigningrequests"], Verbs = ["create", "get", "list", "watch"] }),
        Role("system:certificates.k8s.io:certificatesigningrequests:nodeclient",
            new V1PolicyRule { ApiGroups = ["certificates.k8s.io"], Resources = ["certificatesigningrequests/nodeclient"], Verbs = ["create"] }),
        Role("system:certificates.k8s.io:certificatesigningrequests:selfnodeclient",
            new V1PolicyRule { ApiGroups = ["certificates.k8s.io"], Resources = ["certificatesigningrequests/selfnodeclient"], Verbs = ["create"] }),
        Role(ApproverRole,
            new V1PolicyRule { ApiGroups = ["certificates.k8s.io"], Resources = ["certificatesigningrequests"], Verbs = ["get", "list", "watch"] },
            new V1PolicyRule { ApiGroups = ["certificates.k8s.io"], Resources = ["certificatesigningrequests/approval"], Verbs = ["update"] },
            new V1PolicyRule { ApiGroups = ["certificates.k8s.io"], Resources = ["signers"], ResourceNames = ["kubernetes.io/kubelet-serving"], Verbs = ["approve"] }),
    ];

    /// <summary><paramref name="count"/> bindings, half cluster-wide and half in kube-system, over the roles above.</summary>
    public static (V1ClusterRoleBinding[] Cluster, V1RoleBinding[] Namespaced) Bindings(int count)
    {
        var roles = ClusterRoles().Select(r => r.Metadata.Name).Where(n => n != "cluster-admin").ToArray();
        var cluster = new List<V1ClusterRoleBinding>
        {
            new() { Metadata = new V1ObjectMeta { Name = "cluster-admin" }, RoleRef = Ref("cluster-admin"), Subjects = [new Rbacv1Subject { Kind = "Group", Name = "system:masters", ApiGroup = "rbac.authorization.k8s.io" }] },
            new() { Metadata = new V1ObjectMeta { Name = "kubeadm:kubelet-bootstrap" }, RoleRef = Ref("system:node-bootstrapper"), Subjects = [new Rbacv1Subject { Kind = "Group", Name = "system:bootstrappers:kubeadm:default-node-token", ApiGroup = "rbac.authorization.k8s.io" }] },
        };
        var namespaced = new List<V1RoleBinding>();
        for (var i = cluster.Count; i < count; i++)
        {
            var subject = (i % 3) switch
            {
                0 => new Rbacv1Subject { Kind = "User", Name = $"user-{i:D5}", ApiGroup = "rbac.authorization.k8s.io" },
                1 => new Rbacv1Subject { Kind = "Group", Name = $"team-{i % 50:D2}", ApiGroup = "rbac.authorization.k8s.io" },
                _ => new Rbacv1Subject { Kind = "ServiceAccount", Name = $"sa-{i:D5}", NamespaceProperty = "kube-system" },
            };
            var role = roles[i % roles.Length];
            if (i % 2 == 0)
            {
                cluster.Add(new V1ClusterRoleBinding { Metadata = new V1ObjectMeta { Name = $"binding-{i:D5}" }, RoleRef = Ref(role), Subjects = [subject] });
            }
            else
            {
                namespaced.Add(new V1RoleBinding { Metadata = new V1ObjectMeta { Name = $"binding-{i:D5}", NamespaceProperty = "kube-system" }, RoleRef = Ref(role), Subjects = [subject] });
            }
        }

        return ([.. cluster], [.. namespaced]);
    }

    private static V1ClusterRole Role(string name, params V1PolicyRule[] rules) => new() { Metadata = new V1ObjectMeta { Name = name }, Rules = rules };

    private static V1RoleRef Ref(string name) => new() { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = name };
}
