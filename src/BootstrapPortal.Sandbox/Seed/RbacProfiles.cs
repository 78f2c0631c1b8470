using BootstrapPortal.Sandbox.Server;
using BootstrapPortal.Sandbox.Storage;
using static BootstrapPortal.Sandbox.Seed.RbacObjects;

namespace BootstrapPortal.Sandbox.Seed;

/// <summary>
/// Applies a <see cref="SandboxRbacProfile"/> to the seeded objects: kubeadm's bootstrap ClusterRoleBindings
/// (k/k cmd/kubeadm/app/phases/bootstraptoken/node/tlsbootstrap.go) stay, are swapped for the guide's
/// (kubernetes.io "TLS bootstrapping": <c>create-csrs-for-bootstrapping</c>, <c>auto-approve-csrs-for-group</c>,
/// <c>auto-approve-renewals-for-nodes</c>), or are removed.
/// </summary>
internal static class RbacProfiles
{
    public const string NodeBootstrapper = "system:node-bootstrapper";
    public const string NodeClient = "system:certificates.k8s.io:certificatesigningrequests:nodeclient";
    public const string SelfNodeClient = "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient";

    /// <summary>kubeadm's three bootstrap bindings.</summary>
    public static readonly string[] KubeadmBootstrapBindings =
        ["kubeadm:kubelet-bootstrap", "kubeadm:node-autoapprove-bootstrap", "kubeadm:node-autoapprove-certificate-rotation"];

    /// <summary>The guide's three bindings.</summary>
    public static readonly string[] GuideBootstrapBindings =
        ["create-csrs-for-bootstrapping", "auto-approve-csrs-for-group", "auto-approve-renewals-for-nodes"];

    public static void Apply(ObjectStore store, SandboxRbacProfile profile)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (profile == SandboxRbacProfile.Kubeadm)
        {
            return;
        }

        foreach (var name in KubeadmBootstrapBindings)
        {
            if (store.Get(ResourceCatalog.ClusterRoleBindings, null, name) is not null)
            {
                store.Delete(ResourceCatalog.ClusterRoleBindings, null, name);
            }
        }

        if (profile == SandboxRbacProfile.OriginDocument)
        {
            store.Create(ResourceCatalog.ClusterRoleBindings, null, ClusterRoleBinding(GuideBootstrapBindings[0], NodeBootstrapper, false, Group("system:bootstrappers")));
            store.Create(ResourceCatalog.ClusterRoleBindings, null, ClusterRoleBinding(GuideBootstrapBindings[1], NodeClient, false, Group("system:bootstrappers")));
            store.Create(ResourceCatalog.ClusterRoleBindings, null, ClusterRoleBinding(GuideBootstrapBindings[2], SelfNodeClient, false, Group("system:nodes")));
        }
    }
}
