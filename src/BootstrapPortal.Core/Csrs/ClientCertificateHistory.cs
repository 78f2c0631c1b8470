using BootstrapPortal.Core.Certificates;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// When each node's kubelet client certificates were issued (approval time of every issued
/// <c>kube-apiserver-client-kubelet</c> CSR, per node name), so a verdict can tell whether a Node registered with the
/// certificate a given CSR produced: the latest one issued for that name at or before the Node's creation.
/// </summary>
public sealed class ClientCertificateHistory
{
    private readonly Dictionary<string, List<(DateTimeOffset DecidedAt, string Name)>> _byNode = new(StringComparer.Ordinal);

    public ClientCertificateHistory(IEnumerable<CsrView> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        foreach (var view in requests)
        {
            if (view is { State: CsrState.Issued, SignerName: KubernetesSignerNames.KubeApiServerClientKubelet, NodeName: { } node, DecidedAt: { } decided })
            {
                if (!_byNode.TryGetValue(node, out var list))
                {
                    _byNode[node] = list = [];
                }

                list.Add((decided, view.Name));
            }
        }

        foreach (var list in _byNode.Values)
        {
            list.Sort((a, b) => a.DecidedAt != b.DecidedAt ? a.DecidedAt.CompareTo(b.DecidedAt) : string.CompareOrdinal(a.Name, b.Name));
        }
    }

    public static ClientCertificateHistory Empty { get; } = new([]);

    /// <summary>
    /// True when <paramref name="view"/> is the issued client certificate node <paramref name="nodeName"/> most plausibly
    /// registered with: issued at or before <paramref name="nodeCreated"/>, and no other one was issued for that name between.
    /// Timestamps have one-second precision, so "at" counts.
    /// </summary>
    public bool RegisteredWith(CsrView view, string nodeName, DateTimeOffset nodeCreated)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (view.DecidedAt is not { } decided || view.State != CsrState.Issued || decided > nodeCreated
            || !_byNode.TryGetValue(nodeName, out var list))
        {
            return false;
        }

        var latest = list.LastOrDefault(e => e.DecidedAt <= nodeCreated);
        return string.Equals(latest.Name, view.Name, StringComparison.Ordinal);
    }
}
