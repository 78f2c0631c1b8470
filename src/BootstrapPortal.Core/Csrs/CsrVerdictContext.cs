using BootstrapPortal.Core.Csrs.Serving;
using BootstrapPortal.Core.Rbac;
using k8s.Models;

namespace BootstrapPortal.Core.Csrs;

/// <summary>
/// Everything a verdict is judged against besides the CSR itself: the Nodes (names, registration time, addresses, Ready),
/// the RBAC policy and the names its bindings grant roles to, the issue history of kubelet client certificates, the limits,
/// the serving policy and the instant of judgement. Immutable; build one per cache snapshot and share it for every CSR of
/// that snapshot (<see cref="CsrVerdicts.Evaluate"/> is a pure function of the view and this context).
/// </summary>
public sealed class CsrVerdictContext
{
    public static readonly TimeSpan DefaultMaxRequestedLifetime = TimeSpan.FromDays(365);
    public static readonly TimeSpan DefaultRejoinNotReadyAfter = TimeSpan.FromMinutes(10);

    private readonly Dictionary<string, V1Node> _nodes;
    private readonly Dictionary<string, NodeFacts> _facts;

    public CsrVerdictContext(IEnumerable<V1Node> nodes, RbacPolicy rbac, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(rbac);
        _nodes = nodes.Where(n => n?.Metadata?.Name is not null)
            .GroupBy(n => n.Metadata.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        _facts = _nodes.ToDictionary(kv => kv.Key, kv => NodeFacts.From(kv.Value), StringComparer.Ordinal);
        Rbac = rbac;
        Now = now;
    }

    private CsrVerdictContext(CsrVerdictContext other)
    {
        _nodes = other._nodes;
        _facts = other._facts;
        Rbac = other.Rbac;
        Now = other.Now;
        Subjects = other.Subjects;
        History = other.History;
        MaxRequestedLifetime = other.MaxRequestedLifetime;
        RejoinNotReadyAfter = other.RejoinNotReadyAfter;
        Serving = other.Serving;
    }

    /// <summary>The same RBAC, limits, policy and history over other Nodes (already indexed, see <see cref="CsrNodeUpdate"/>) at another instant.</summary>
    internal CsrVerdictContext(CsrVerdictContext other, CsrNodeUpdate nodes, DateTimeOffset now)
        : this(other)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        _nodes = nodes.Nodes;
        _facts = nodes.Facts;
        Now = now;
    }

    public RbacPolicy Rbac { get; }

    /// <summary>The instant pending CSRs are judged at (decided ones are judged at their decision time).</summary>
    public DateTimeOffset Now { get; private init; }

    /// <summary>The users and groups RBAC bindings name.</summary>
    public RbacSubjectNames Subjects { get; init; } = RbacSubjectNames.Empty;

    /// <summary>When each node's client certificates were issued.</summary>
    public ClientCertificateHistory History { get; init; } = ClientCertificateHistory.Empty;

    /// <summary>The longest <c>spec.expirationSeconds</c> any CSR may ask for (<c>CsrPolicy:MaxRequestedLifetime</c>).</summary>
    public TimeSpan MaxRequestedLifetime { get; init; } = DefaultMaxRequestedLifetime;

    /// <summary>How long a node's kubelet must have stopped reporting before a bootstrap request for its name is a re-join (Warn) rather than a takeover (Fail).</summary>
    public TimeSpan RejoinNotReadyAfter { get; init; } = DefaultRejoinNotReadyAfter;

    /// <summary>The serving-certificate policy whose rules serving CSRs are judged by.</summary>
    public ServingPolicyRules Serving { get; init; } = ServingPolicyRules.Default;

    public V1Node? FindNode(string? name) => name is not null && _nodes.TryGetValue(name, out var node) ? node : null;

    public NodeFacts? FindNodeFacts(string? name) => name is not null && _facts.TryGetValue(name, out var facts) ? facts : null;

    /// <summary>The names of the Nodes the context holds.</summary>
    public IEnumerable<string> NodeNames => _nodes.Keys;

    /// <summary>The same Nodes, RBAC, limits and policy at another instant with another certificate history (an incremental rebuild).</summary>
    public CsrVerdictContext With(DateTimeOffset now, ClientCertificateHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return new CsrVerdictContext(this) { Now = now, History = history };
    }

    /// <summary>
    /// The same RBAC, limits, policy and history judged against other Nodes at another instant (Nodes changed, nothing else
    /// did). The facts of a Node whose object is unchanged are reused, so this costs a pass over the Nodes, not a re-read of them.
    /// </summary>
    public CsrVerdictContext WithNodes(IEnumerable<V1Node> nodes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        return new CsrVerdictContext(this, CsrNodeUpdate.Between(this, nodes), now);
    }

    /// <summary>The same context judged by another serving policy (a dry run of a draft).</summary>
    public CsrVerdictContext WithServing(ServingPolicyRules serving)
    {
        ArgumentNullException.ThrowIfNull(serving);
        return new CsrVerdictContext(this) { Serving = serving };
    }
}
