using k8s;
using k8s.Models;

namespace BootstrapPortal.Core.Cache;

/// <summary>The list and watch calls of every resource kind the portal caches.</summary>
public static class ClusterResourceSources
{
    /// <summary>The Secret type of bootstrap tokens; also the field selector kubeadm uses to list them.</summary>
    public const string BootstrapTokenFieldSelector = "type=bootstrap.kubernetes.io/token";

    public const string BootstrapTokenNamespace = "kube-system";

    public static ResourceSource<V1Node> Nodes { get; } = new(
        "nodes",
        async (c, cont, limit, ct) => Page(await c.CoreV1.ListNodeAsync(continueParameter: cont, limit: limit, cancellationToken: ct)),
        (c, rv, timeout, onError, ct) => c.CoreV1.WatchListNodeAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    public static ResourceSource<V1CertificateSigningRequest> CertificateSigningRequests { get; } = new(
        "certificatesigningrequests",
        async (c, cont, limit, ct) => Page(await c.CertificatesV1.ListCertificateSigningRequestAsync(continueParameter: cont, limit: limit, cancellationToken: ct)),
        (c, rv, timeout, onError, ct) => c.CertificatesV1.WatchListCertificateSigningRequestAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    public static ResourceSource<V1Secret> BootstrapTokenSecrets { get; } = new(
        "bootstrap-token secrets",
        async (c, cont, limit, ct) => Page(await c.CoreV1.ListNamespacedSecretAsync(BootstrapTokenNamespace, continueParameter: cont, fieldSelector: BootstrapTokenFieldSelector, limit: limit, cancellationToken: ct)),
        (c, rv, timeout, onError, ct) => c.CoreV1.WatchListNamespacedSecretAsync(BootstrapTokenNamespace, allowWatchBookmarks: true, fieldSelector: BootstrapTokenFieldSelector, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    public static ResourceSource<V1ClusterRole> ClusterRoles { get; } = new(
        "clusterroles",
        async (c, cont, limit, ct) => Page(await c.RbacAuthorizationV1.ListClusterRoleAsync(continueParameter: cont, limit: limit, cancellationToken: ct)),
        (c, rv, timeout, onError, ct) => c.RbacAuthorizationV1.WatchListClusterRoleAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    public static ResourceSource<V1ClusterRoleBinding> ClusterRoleBindings { get; } = new(
        "clusterrolebindings",
        async (c, cont, limit, ct) => Page(await c.RbacAuthorizationV1.ListClusterRoleBindingAsync(continueParameter: cont, limit: limit, cancellationToken: ct)),
        (c, rv, timeout, onError, ct) => c.RbacAuthorizationV1.WatchListClusterRoleBindingAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    public static ResourceSource<V1Role> Roles { get; } = new(
        "roles",
        async (c, cont, limit, ct) => Page(await c.RbacAuthorizationV1.ListRoleForAllNamespacesAsync(continueParameter: cont, limit: limit, cancellationToken: ct)),
        (c, rv, timeout, onError, ct) => c.RbacAuthorizationV1.WatchListRoleForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    public static ResourceSource<V1RoleBinding> RoleBindings { get; } = new(
        "rolebindings",
        async (c, cont, limit, ct) => Page(await c.RbacAuthorizationV1.ListRoleBindingForAllNamespacesAsync(continueParameter: cont, limit: limit, cancellationToken: ct)),
        (c, rv, timeout, onError, ct) => c.RbacAuthorizationV1.WatchListRoleBindingForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));

    private static ResourcePage<T> Page<T>(IItems<T> list) =>
        new(list.Items, (list as IMetadata<V1ListMeta>)?.Metadata?.ResourceVersion, (list as IMetadata<V1ListMeta>)?.Metadata?.ContinueProperty);
}
