using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Tokens;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Sandbox.Controllers;

/// <summary>Factory for the informers the controllers use (one list+watch per controller, as separate KCM clients do).</summary>
internal static class Informers
{
    public static ResourceInformer<V1CertificateSigningRequest> CertificateSigningRequestInformer(
        IKubernetes client, Action<string> onChange, ILogger logger, TimeProvider timeProvider) =>
        new(
            "certificatesigningrequests",
            async ct =>
            {
                var list = await client.CertificatesV1.ListCertificateSigningRequestAsync(cancellationToken: ct);
                return (list.Items, list.Metadata?.ResourceVersion);
            },
            (rv, onError, ct) => client.CertificatesV1.WatchListCertificateSigningRequestAsync(
                resourceVersion: rv, allowWatchBookmarks: true, onError: onError, cancellationToken: ct),
            onChange,
            logger,
            timeProvider);

    public static ResourceInformer<V1Secret> BootstrapTokenSecretInformer(
        IKubernetes client, Action<string> onChange, ILogger logger, TimeProvider timeProvider) =>
        new(
            "kube-system bootstrap token secrets",
            async ct =>
            {
                var list = await client.CoreV1.ListNamespacedSecretAsync(
                    BootstrapTokenFormat.SecretNamespace, fieldSelector: ClusterResourceSources.BootstrapTokenFieldSelector, cancellationToken: ct);
                return (list.Items, list.Metadata?.ResourceVersion);
            },
            (rv, onError, ct) => client.CoreV1.WatchListNamespacedSecretAsync(
                BootstrapTokenFormat.SecretNamespace,
                fieldSelector: ClusterResourceSources.BootstrapTokenFieldSelector,
                resourceVersion: rv,
                allowWatchBookmarks: true,
                onError: onError,
                cancellationToken: ct),
            onChange,
            logger,
            timeProvider);
}
