using k8s.Models;

namespace BootstrapPortal.Core.Rbac;

/// <summary>
/// What bootstrap identities, every authenticated user and anonymous users are expected to hold on a kubeadm cluster: the
/// rules of the default ClusterRoles (k/k plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go) and of kubeadm's
/// bootstrap objects (k/k cmd/kubeadm/app/phases/bootstraptoken/node/tlsbootstrap.go, …/clusterinfo/clusterinfo.go,
/// phases/kubelet/config.go, phases/uploadconfig/uploadconfig.go, phases/addons/proxy/proxy.go), written out here so that a
/// tampered default role does not widen what counts as expected.
/// </summary>
public static class ExpectedGrants
{
    private static readonly string[] Get = ["get"];

    private static readonly V1PolicyRule[] PublicInfo =
    [
        new() { Verbs = Get, NonResourceURLs = ["/healthz", "/livez", "/readyz", "/version", "/version/"] },
    ];

    private static readonly V1PolicyRule[] ClusterInfo =
    [
        new() { Verbs = Get, ApiGroups = [""], Resources = ["configmaps"], ResourceNames = ["cluster-info"] },
    ];

    /// <summary><c>system:basic-user</c>, <c>system:discovery</c> and <c>system:public-info-viewer</c>: what every authenticated user gets.</summary>
    public static IReadOnlyList<V1PolicyRule> Authenticated { get; } =
    [
        new() { Verbs = ["create"], ApiGroups = ["authorization.k8s.io"], Resources = ["selfsubjectaccessreviews", "selfsubjectrulesreviews"] },
        new() { Verbs = ["create"], ApiGroups = ["authentication.k8s.io"], Resources = ["selfsubjectreviews"] },
        new() { Verbs = Get, NonResourceURLs = ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"] },
        .. PublicInfo,
    ];

    /// <summary>
    /// What bootstrap groups and tokens may hold: the three bootstrap roles, kubeadm's <c>get nodes</c> and reads of its
    /// kubelet-config, kubeadm-config and kube-proxy ConfigMaps, reading <c>cluster-info</c>, and the authenticated defaults.
    /// </summary>
    public static IReadOnlyList<V1PolicyRule> Bootstrap { get; } =
    [
        new() { Verbs = ["create", "get", "list", "watch"], ApiGroups = [BootstrapRequirements.CertificatesGroup], Resources = [BootstrapRequirements.CsrResource] },
        new() { Verbs = ["create"], ApiGroups = [BootstrapRequirements.CertificatesGroup], Resources = [BootstrapRequirements.CsrResource + "/nodeclient"] },
        new() { Verbs = ["create"], ApiGroups = [BootstrapRequirements.CertificatesGroup], Resources = [BootstrapRequirements.CsrResource + "/selfnodeclient"] },
        new() { Verbs = Get, ApiGroups = [""], Resources = ["nodes"] },
        new() { Verbs = Get, ApiGroups = [""], Resources = ["configmaps"], ResourceNames = KubeadmConfigMaps() },
        .. ClusterInfo,
        .. Authenticated,
    ];

    /// <summary>What anonymous users get: health and version paths, and (kubeadm, in kube-public only) reading <c>cluster-info</c>.</summary>
    public static IReadOnlyList<V1PolicyRule> Anonymous(string? bindingNamespace) =>
        bindingNamespace == "kube-public" ? [.. PublicInfo, .. ClusterInfo] : PublicInfo;

    private static string[] KubeadmConfigMaps() =>
        ["kubelet-config", "kubeadm-config", "kube-proxy", .. Enumerable.Range(10, 30).Select(minor => $"kubelet-config-1.{minor}")];
}
