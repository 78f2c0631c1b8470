using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Csrs.Serving;
using BootstrapPortal.Core.Rbac;
using k8s.Models;

namespace BootstrapPortal.Core.Tests.Csrs;

/// <summary>
/// Verdict contexts with kubeadm's auto-approval RBAC (k/k cmd/kubeadm/app/phases/bootstraptoken/node/tlsbootstrap.go), one
/// binding granting a person (<c>bob</c>) and a group (<c>dev-team</c>) a role, and a few nodes; judged at <see cref="Now"/>.
/// </summary>
internal static class VerdictTestContext
{
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 10, 0, TimeSpan.Zero);

    private static readonly V1ClusterRoleBinding[] Bindings =
    [
        Binding("kubeadm:node-autoapprove-bootstrap", "system:certificates.k8s.io:certificatesigningrequests:nodeclient", "Group", "system:bootstrappers:kubeadm:default-node-token"),
        Binding("kubeadm:node-autoapprove-certificate-rotation", "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", "Group", "system:nodes"),
        Binding("dev-view", "view", "User", "bob"),
        Binding("dev-edit", "edit", "Group", "dev-team"),
    ];

    public static RbacPolicy KubeadmRbac { get; } = new(
        [
            Role("system:certificates.k8s.io:certificatesigningrequests:nodeclient", "certificatesigningrequests/nodeclient"),
            Role("system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", "certificatesigningrequests/selfnodeclient"),
        ],
        Bindings,
        [],
        []);

    public static CsrVerdictContext Empty { get; } = new([], RbacPolicy.Empty, Now);

    public static CsrVerdictContext With(params V1Node[] nodes) => With(ServingPolicy.Default, nodes);

    public static CsrVerdictContext With(ServingPolicy policy, params V1Node[] nodes) => new(nodes, KubeadmRbac, Now)
    {
        Subjects = new RbacSubjectNames(Bindings, []),
        Serving = ServingPolicyRules.Compile(policy),
    };

    private static V1ClusterRole Role(string name, string resource) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Rules = [new V1PolicyRule { ApiGroups = ["certificates.k8s.io"], Resources = [resource], Verbs = ["create"] }],
    };

    private static V1ClusterRoleBinding Binding(string name, string role, string kind, string subject) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = role },
        Subjects = [new Rbacv1Subject { ApiGroup = "rbac.authorization.k8s.io", Kind = kind, Name = subject }],
    };
}
