using System.Runtime.CompilerServices;
using BootstrapPortal.Core.Cache;
using k8s.Models;

namespace BootstrapPortal.Core.Tokens;

/// <summary>
/// Keeps the shared <see cref="BootstrapTokenSnapshot"/>: built when a reader asks after the token Secrets, CSRs or Nodes
/// changed, or once the clock passes <see cref="BootstrapTokenSnapshot.ValidUntil"/>. A CSR's lineage fact (its token and
/// node, a parse of the request) is read once per object version. Only the Nodes' names are read, so the Nodes are keyed by
/// <see cref="ClusterCache.NodeRevision"/>: a status report (a heartbeat) builds nothing.
/// </summary>
public sealed class BootstrapTokenCatalog
{
    private readonly ClusterCache _cache;
    private readonly TimeProvider _time;
    private readonly TimeSpan _expiringSoon;
    private readonly Lock _buildLock = new();
    private readonly ConditionalWeakTable<V1CertificateSigningRequest, Fact> _facts = new();
    private Built? _built;
    private long _builds;

    public BootstrapTokenCatalog(ClusterCache cache, TimeProvider time, TimeSpan expiringSoonThreshold)
    {
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _expiringSoon = expiringSoonThreshold;
    }

    public BootstrapTokenSnapshot Snapshot
    {
        get
        {
            var inputs = new Inputs(_cache.BootstrapTokenSecrets.Items, _cache.CertificateSigningRequests.Items, _cache.NodeRevision);
            var now = _time.GetUtcNow();
            var built = Volatile.Read(ref _built);
            if (built is not null && built.Inputs == inputs && now < built.Snapshot.ValidUntil)
            {
                return built.Snapshot;
            }

            lock (_buildLock)
            {
                built = _built;
                if (built is not null && built.Inputs == inputs && now < built.Snapshot.ValidUntil)
                {
                    return built.Snapshot;
                }

                var lineage = BootstrapTokenInventory.Lineage.Create(inputs.Csrs, _cache.Nodes.Items,
                    csr => _facts.GetValue(csr, c => new Fact(BootstrapTokenInventory.Lineage.FactOf(c))).Value);
                var tokens = BootstrapTokenInventory.Build(inputs.Secrets, lineage, now, _expiringSoon);
                var snapshot = new BootstrapTokenSnapshot(tokens, now, NextChange(tokens, now), Interlocked.Increment(ref _builds));
                Volatile.Write(ref _built, new Built(inputs, snapshot));
                return snapshot;
            }
        }
    }

    private DateTimeOffset NextChange(IReadOnlyList<BootstrapTokenInfo> tokens, DateTimeOffset now)
    {
        var next = DateTimeOffset.MaxValue;
        foreach (var token in tokens)
        {
            if (token.Expiration is not { } expires)
            {
                continue;
            }

            foreach (var at in (ReadOnlySpan<DateTimeOffset>)[expires - _expiringSoon, expires])
            {
                if (at > now && at < next)
                {
                    next = at;
                }
            }
        }

        return next;
    }

    private sealed record Fact(CsrLineageFact? Value);

    private sealed record Built(Inputs Inputs, BootstrapTokenSnapshot Snapshot);

    private sealed record Inputs(IReadOnlyCollection<V1Secret> Secrets, IReadOnlyCollection<V1CertificateSigningRequest> Csrs, long NodeRevision)
    {
        public bool Equals(Inputs? other) =>
            other is not null && ReferenceEquals(Secrets, other.Secrets) && ReferenceEquals(Csrs, other.Csrs) && NodeRevision == other.NodeRevision;

        public override int GetHashCode() => HashCode.Combine(Secrets, Csrs, NodeRevision);
    }
}
