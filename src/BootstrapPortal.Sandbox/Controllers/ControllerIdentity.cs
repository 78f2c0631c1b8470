namespace BootstrapPortal.Sandbox.Controllers;

/// <summary>
/// The identities the controllers use, as kube-controller-manager does with <c>--use-service-account-credentials</c>
/// (kubeadm's setting): one service account per controller in kube-system, authorized by the built-in
/// <c>system:controller:*</c> roles (k/k plugin/pkg/auth/authorizer/rbac/bootstrappolicy/namespace_policy.go, controller_policy.go). The sandbox presents them as client certificates.
/// </summary>
public sealed record ControllerIdentity(string UserName, IReadOnlyList<string> Groups)
{
    public static ControllerIdentity ServiceAccount(string name) => new(
        "system:serviceaccount:kube-system:" + name,
        ["system:serviceaccounts", "system:serviceaccounts:kube-system"]);

    /// <summary>csrapproving, csrsigning and csrcleaner run as <c>kube-system/certificate-controller</c>.</summary>
    public static ControllerIdentity CertificateController { get; } = ServiceAccount("certificate-controller");

    public static ControllerIdentity BootstrapSigner { get; } = ServiceAccount("bootstrap-signer");

    public static ControllerIdentity TokenCleaner { get; } = ServiceAccount("token-cleaner");

    public static ControllerIdentity NamespaceController { get; } = ServiceAccount("namespace-controller");

    public static ControllerIdentity ServiceAccountController { get; } = ServiceAccount("serviceaccount-controller");

    public static ControllerIdentity ClusterRoleAggregation { get; } = ServiceAccount("clusterrole-aggregation-controller");

    /// <summary>The controller manager's own identity (leader election), as kubeadm's controller-manager.conf has it.</summary>
    public static ControllerIdentity KubeControllerManager { get; } = new("system:kube-controller-manager", []);
}
