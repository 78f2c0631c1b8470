using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Csrs;
using k8s.Models;

namespace BootstrapPortal.Core.Cluster;

/// <summary>The numbers on the Overview page: a pure transform of the cached objects.</summary>
public sealed record ClusterOverview(
    int Nodes,
    int ReadyNodes,
    int CertificateRequests,
    int PendingCertificateRequests,
    int BootstrapTokens,
    ConnectionSummary Connection)
{
    public static ClusterOverview From(
        IReadOnlyCollection<V1Node> nodes,
        IReadOnlyCollection<V1CertificateSigningRequest> requests,
        IReadOnlyCollection<V1Secret> tokenSecrets,
        IReadOnlyCollection<CacheStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(tokenSecrets);
        var ready = nodes.Count(n => n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true);
        return new ClusterOverview(
            nodes.Count,
            ready,
            requests.Count,
            CertificateRequestStates.CountPending(requests),
            tokenSecrets.Count,
            ConnectionSummary.From(statuses));
    }

    public static ClusterOverview From(ClusterCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return From(cache.Nodes.Items, cache.CertificateSigningRequests.Items, cache.BootstrapTokenSecrets.Items, cache.Statuses);
    }
}
