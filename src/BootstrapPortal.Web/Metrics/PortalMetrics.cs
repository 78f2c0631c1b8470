using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Ledger;
using BootstrapPortal.Core.Tokens;
using Prometheus;

namespace BootstrapPortal.Web.Metrics;

/// <summary>
/// The portal's Prometheus metrics, in a registry of its own (prometheus-net). Values are read at scrape time from the shared
/// nodes board, the cluster cache and the ledger's status; series of nodes, certificates, signers and tokens that are gone
/// are removed.
/// </summary>
public sealed class PortalMetrics
{
    private readonly NodeCertificateBoard _board;
    private readonly ClusterCache _cache;
    private readonly LedgerRecorder _ledger;
    private readonly IBootstrapTokenService _tokens;
    private readonly TimeProvider _time;
    private readonly object _collectLock = new();
    private readonly Gauge _certificateExpiry;
    private readonly Gauge _csrPending;
    private readonly Gauge _csrPendingOldest;
    private readonly Gauge _tokenExpiry;
    private readonly Gauge _rotationUnhealthy;
    private readonly Gauge _rotationWarning;
    private readonly Gauge _nodes;
    private readonly Gauge _cacheSynced;
    private readonly Gauge _cacheObjects;
    private readonly Gauge _cacheRelists;
    private readonly Gauge _cacheReconnects;
    private readonly Gauge _ledgerSynced;
    private readonly Gauge _ledgerQueue;
    private readonly Gauge _ledgerWritten;
    private readonly Gauge _ledgerFailures;
    private readonly Dictionary<Gauge, HashSet<string[]>> _published = [];

    public PortalMetrics(NodeCertificateBoard board, ClusterCache cache, LedgerRecorder ledger, IBootstrapTokenService tokens, TimeProvider time)
    {
        _board = board ?? throw new ArgumentNullException(nameof(board));
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _tokens = tokens ?? throw new ArgumentNullException(nameof(tokens));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        _certificateExpiry = factory.CreateGauge("bootstrapportal_certificate_expiry_timestamp_seconds",
            "notAfter (Unix seconds) of each node's current client and serving certificate, from the ledger.", "node", "kind", "serial");
        _csrPending = factory.CreateGauge("bootstrapportal_csr_pending", "CertificateSigningRequests waiting for a decision, by signer.", "signer");
        _csrPendingOldest = factory.CreateGauge("bootstrapportal_csr_pending_oldest_age_seconds",
            "Age of the oldest pending CertificateSigningRequest, by signer.", "signer");
        _tokenExpiry = factory.CreateGauge("bootstrapportal_bootstrap_token_expiry_timestamp_seconds",
            "Expiration (Unix seconds) of each bootstrap token that expires.", "token_id");
        _rotationUnhealthy = factory.CreateGauge("bootstrapportal_node_rotation_unhealthy",
            "1 for each reason a node's certificate rotation is unhealthy (e.g. client_renewal_pending).", "node", "reason");
        _rotationWarning = factory.CreateGauge("bootstrapportal_node_rotation_warning",
            "1 for each reason a node's certificate rotation deserves a look (e.g. client_renewal_due).", "node", "reason");
        _nodes = factory.CreateGauge("bootstrapportal_nodes", "Nodes by rotation status.", "status");
        _cacheSynced = factory.CreateGauge("bootstrapportal_cache_synced", "1 when the cache of this kind has listed and is watching.", "kind");
        _cacheObjects = factory.CreateGauge("bootstrapportal_cache_objects", "Objects in the cache of this kind.", "kind");
        _cacheRelists = factory.CreateGauge("bootstrapportal_cache_relists", "Re-lists of this kind since start (watch expired).", "kind");
        _cacheReconnects = factory.CreateGauge("bootstrapportal_cache_reconnects", "Times the cache of this kind lost the cluster since start.", "kind");
        _ledgerSynced = factory.CreateGauge("bootstrapportal_ledger_synced", "1 when the certificate ledger has reconciled with the cluster.");
        _ledgerQueue = factory.CreateGauge("bootstrapportal_ledger_queue_length", "Observed CSR changes waiting to be written to the ledger.");
        _ledgerWritten = factory.CreateGauge("bootstrapportal_ledger_records_written", "CSR versions written to the ledger since start.");
        _ledgerFailures = factory.CreateGauge("bootstrapportal_ledger_write_failures", "Failed ledger writes since start (each retried).");
        Registry.AddBeforeCollectCallback(Collect);
    }

    public CollectorRegistry Registry { get; }

    private void Collect()
    {
        lock (_collectLock)
        {
            var now = _time.GetUtcNow();
            var board = _board.Current;
            Publish(_certificateExpiry, board.Rows.SelectMany(r => new[] { r.Client, r.Serving })
                .OfType<LedgerCertificate>()
                .Select(c => (new[] { c.Node ?? string.Empty, c.Kind.ToString().ToLowerInvariant(), c.SerialNumber }, (double)c.NotAfter.ToUnixTimeSeconds())));
            Publish(_rotationUnhealthy, Reasons(board, RotationStatus.Unhealthy));
            Publish(_rotationWarning, Reasons(board, RotationStatus.Warning));
            Publish(_nodes, Enum.GetValues<RotationStatus>().Select(s => (new[] { s.ToString().ToLowerInvariant() }, (double)board.Rows.Count(r => r.Rotation.Status == s))));

            var pending = _cache.CertificateSigningRequests.Items
                .Where(c => CertificateRequestStates.StateOf(c) == CsrState.Pending)
                .GroupBy(c => c.Spec?.SignerName ?? string.Empty, StringComparer.Ordinal)
                .ToArray();
            Publish(_csrPending, pending.Select(g => (new[] { g.Key }, (double)g.Count())));
            Publish(_csrPendingOldest, pending.Select(g => (new[] { g.Key },
                g.Max(c => c.Metadata?.CreationTimestamp is { } t ? (now - new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc))).TotalSeconds : 0))));
            Publish(_tokenExpiry, _tokens.List().Where(t => t.Expiration is not null)
                .GroupBy(t => t.Id, StringComparer.Ordinal)
                .Select(g => (new[] { g.Key }, (double)g.First().Expiration!.Value.ToUnixTimeSeconds())));

            foreach (var status in _cache.Statuses)
            {
                _cacheSynced.WithLabels(status.Kind).Set(status.IsSynced ? 1 : 0);
                _cacheObjects.WithLabels(status.Kind).Set(status.Count);
                _cacheRelists.WithLabels(status.Kind).Set(status.Relists);
                _cacheReconnects.WithLabels(status.Kind).Set(status.Reconnects);
            }

            var ledger = _ledger.Status;
            _ledgerSynced.Set(ledger.Synced ? 1 : 0);
            _ledgerQueue.Set(ledger.QueueLength);
            _ledgerWritten.Set(ledger.RecordsWritten);
            _ledgerFailures.Set(ledger.WriteFailures);
        }
    }

    private static IEnumerable<(string[] Labels, double Value)> Reasons(NodeBoard board, RotationStatus severity) =>
        board.Rows.SelectMany(r => r.Rotation.Reasons.Where(x => x.Severity == severity).Select(x => (new[] { r.Name, x.Code }, 1.0)));

    /// <summary>Sets every series in <paramref name="series"/> and removes the ones published last time that are gone.</summary>
    private void Publish(Gauge gauge, IEnumerable<(string[] Labels, double Value)> series)
    {
        var current = new HashSet<string[]>(LabelComparer.Instance);
        foreach (var (labels, value) in series)
        {
            if (current.Add(labels))
            {
                gauge.WithLabels(labels).Set(value);
            }
        }

        if (_published.TryGetValue(gauge, out var previous))
        {
            foreach (var gone in previous.Where(p => !current.Contains(p)))
            {
                gauge.RemoveLabelled(gone);
            }
        }

        _published[gauge] = current;
    }

    private sealed class LabelComparer : IEqualityComparer<string[]>
    {
        public static LabelComparer Instance { get; } = new();

        public bool Equals(string[]? x, string[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);

        public int GetHashCode(string[] obj)
        {
            var hash = default(HashCode);
            foreach (var value in obj)
            {
                hash.Add(value, StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }
    }
}
