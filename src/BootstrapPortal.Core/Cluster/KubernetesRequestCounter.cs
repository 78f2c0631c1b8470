using System.Collections.Concurrent;

namespace BootstrapPortal.Core.Cluster;

/// <summary>
/// Counts every request the portal's Kubernetes client sends, by verb and resource, so operators (and the fleet benchmark)
/// can see how much load the portal puts on the API server: after the cache has synced, a page view should send none.
/// One instance per portal; thread-safe.
/// </summary>
public sealed class KubernetesRequestCounter
{
    private readonly ConcurrentDictionary<KubernetesRequestKind, long> _counts = new();

    /// <summary>A snapshot of the counts since start.</summary>
    public IReadOnlyDictionary<KubernetesRequestKind, long> Counts => new Dictionary<KubernetesRequestKind, long>(_counts);

    public void Record(KubernetesRequestKind kind) => _counts.AddOrUpdate(kind, 1, static (_, n) => n + 1);

    /// <summary>A message handler for the Kubernetes client that records each request before sending it.</summary>
    public DelegatingHandler CreateHandler() => new CountingHandler(this);

    private sealed class CountingHandler(KubernetesRequestCounter counter) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            counter.Record(KubernetesRequestKind.Of(request.Method.Method, request.RequestUri));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
