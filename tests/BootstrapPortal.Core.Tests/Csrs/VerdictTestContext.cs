using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Rbac;
using k8s.Models;

namespace BootstrapPortal.Core.Tests.Csrs;

/// <summary>Verdict contexts with kubeadm's auto-approval RBAC (k/k cmd/kubeadm/app/phases/bootstraptoken/node/tlsbootstrap.go) and a few nodes.</summary>
internal static class VerdictTestContext
{
    public static RbacPolicy KubeadmRbac { get; } = new(
        [
            Role("system:certificates.k8s.io:certificatesigningrequests:nodeclient", "certificatesigningrequests/nodeclient"),
            Role("system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", "certificatesigningrequests/selfnodeclient"),
        ],
        [
            Binding("kubeadm:node-autoapprove-bootstrap", "system:certificates.k8s.io:certificatesigningrequests:nodeclient", "system:bootstrappers:kubeadm:default-node-token"),
            Binding("kubeadm:node-autoapprove-certificate-rotation", "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", "system:nodes"),
        ],
        [],
        []);

    public static CsrVerdictContext Empty { get; } = new([], RbacPolicy.Empty, TimeSpan.FromDays(365));

    public static CsrVerdictContext With(params V1Node[] nodes) => new(nodes, KubeadmRbac, TimeSpan.FromDays(365));

    private static V1ClusterRole Role(string name, string resource) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Rules = [new V1PolicyRule { ApiGroups = ["certificates.k8s.io"], Resources = [resource], Verbs = ["create"] }],
    };

    private static V1ClusterRoleBinding Binding(string name, string role, string group) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = role },
        Subjects = [new Rbacv1Subject { ApiGroup = "rbac.authorization.k8s.io", Kind = "Group", Name = group }],
    };
}
