using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Tokens;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Sandbox.Controllers;

/// <summary>The informers the controllers use (one list+watch per controller, as separate KCM clients do), on the portal's cache.</summary>
internal static class Informers
{
    public static ControllerInformer<V1CertificateSigningRequest> CertificateSigningRequestInformer(
        IKubernetes client, Action<string> onChange, ILogger logger, TimeProvider timeProvider) =>
        new(client, ClusterResourceSources.CertificateSigningRequests, onChange, logger, timeProvider);

    public static ControllerInformer<V1Secret> BootstrapTokenSecretInformer(
        IKubernetes client, Action<string> onChange, ILogger logger, TimeProvider timeProvider) =>
        new(client, ClusterResourceSources.BootstrapTokenSecrets, onChange, logger, timeProvider);

    public static ControllerInformer<V1ClusterRole> ClusterRoleInformer(
        IKubernetes client, Action<string> onChange, ILogger logger, TimeProvider timeProvider) =>
        new(client, ClusterResourceSources.ClusterRoles, onChange, logger, timeProvider);

    public static ControllerInformer<V1Namespace> NamespaceInformer(IKubernetes client, Action<string> onChange, ILogger logger, TimeProvider timeProvider) =>
        new(client, new ResourceSource<V1Namespace>(
            "namespaces",
            async (c, cont, limit, ct) =>
            {
                var list = await c.CoreV1.ListNamespaceAsync(continueParameter: cont, limit: limit, cancellationToken: ct);
                return new ResourcePage<V1Namespace>(list.Items, list.Metadata?.ResourceVersion, list.Metadata?.ContinueProperty);
            },
            (c, rv, timeout, onError, ct) => c.CoreV1.WatchListNamespaceAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)),
            onChange, logger, timeProvider);

    /// <summary>One ConfigMap, watched by name (the bootstrapsigner's view of <c>kube-public/cluster-info</c>).</summary>
    public static ControllerInformer<V1ConfigMap> ConfigMapInformer(IKubernetes client, string ns, string name, Action<string> onChange, ILogger logger, TimeProvider timeProvider) =>
        new(client, new ResourceSource<V1ConfigMap>(
            ns + "/" + name,
            async (c, cont, limit, ct) =>
            {
                var list = await c.CoreV1.ListNamespacedConfigMapAsync(ns, continueParameter: cont, fieldSelector: "metadata.name=" + name, limit: limit, cancellationToken: ct);
                return new ResourcePage<V1ConfigMap>(list.Items, list.Metadata?.ResourceVersion, list.Metadata?.ContinueProperty);
            },
            (c, rv, timeout, onError, ct) => c.CoreV1.WatchListNamespacedConfigMapAsync(ns, allowWatchBookmarks: true, fieldSelector: "metadata.name=" + name,
                resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)),
            onChange, logger, timeProvider);
}
