using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Preflight;
using BootstrapPortal.Core.Tokens;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Rbac;

/// <summary>
/// Serves the RBAC audit from the shared <see cref="ClusterCache"/>: one <see cref="RbacAnalysis"/> per change of the RBAC
/// objects or bootstrap tokens (built on the first read after the change, and at least once a minute so token expiry is
/// seen), shared by every session and API call. <see cref="Changed"/> tells pages when to read again.
/// </summary>
public sealed class RbacAuditService : IDisposable
{
    /// <summary>An analysis is rebuilt at least this often even without a change (tokens expire without an event).</summary>
    public static readonly TimeSpan MaxAnalysisAge = TimeSpan.FromMinutes(1);

    private readonly ClusterCache _cache;
    private readonly TokenOptions _tokenOptions;
    private readonly TimeProvider _time;
    private readonly ISubjectDirectory _directory;
    private readonly IResourceCache[] _sources;
    private readonly object _gate = new();
    private long _version;
    private (long Version, RbacAnalysis Analysis)? _current;

    public RbacAuditService(ClusterCache cache, IOptions<TokenOptions> tokenOptions, TimeProvider time, ISubjectDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(tokenOptions);
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _tokenOptions = tokenOptions.Value;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _sources = [cache.ClusterRoles, cache.ClusterRoleBindings, cache.Roles, cache.RoleBindings, cache.BootstrapTokenSecrets];
        foreach (var source in _sources)
        {
            source.Changed += OnSourceChanged;
        }
    }

    /// <summary>Raised after an RBAC object or a bootstrap token changed (or a cache changed state). Handlers must be quick.</summary>
    public event Action? Changed;

    /// <summary>Whether the RBAC and token caches have listed and are watching.</summary>
    public bool IsSynced => _sources.All(s => s.Status.IsSynced);

    /// <summary>The statuses of the caches the audit reads (for loading and error states).</summary>
    public IReadOnlyList<CacheStatus> Statuses => [.. _sources.Select(s => s.Status)];

    /// <summary>The analysis of the current state (cheap: rebuilt only after a change).</summary>
    public RbacAnalysis Current
    {
        get
        {
            var version = Interlocked.Read(ref _version);
            var current = _current;
            if (current is { } c && c.Version == version && _time.GetUtcNow() - c.Analysis.BuiltAt < MaxAnalysisAge)
            {
                return c.Analysis;
            }

            lock (_gate)
            {
                current = _current;
                if (current is { } again && again.Version == version && _time.GetUtcNow() - again.Analysis.BuiltAt < MaxAnalysisAge)
                {
                    return again.Analysis;
                }

                var analysis = Build();
                _current = (version, analysis);
                return analysis;
            }
        }
    }

    /// <summary>The current findings (reads namespaces and ServiceAccounts at most once a minute).</summary>
    public async Task<IReadOnlyList<RbacFinding>> GetFindingsAsync(CancellationToken cancellationToken)
    {
        var directory = await _directory.GetAsync(cancellationToken);
        return Current.Findings(directory);
    }

    public void Dispose()
    {
        foreach (var source in _sources)
        {
            source.Changed -= OnSourceChanged;
        }
    }

    private RbacAnalysis Build()
    {
        var now = _time.GetUtcNow();
        var policy = new RbacPolicy(_cache.ClusterRoles.Items, _cache.ClusterRoleBindings.Items, _cache.Roles.Items, _cache.RoleBindings.Items);
        // The preflight's probe token lives for a second and would read as a token that relies on system:bootstrappers alone.
        var secrets = _cache.BootstrapTokenSecrets.Items.Where(s => !BootstrapTokenProbe.IsProbe(s));
        var tokens = BootstrapTokenInventory.Build(secrets, [], [], now, _tokenOptions.ExpiringSoonThreshold);
        return new RbacAnalysis(policy, tokens, [.. _tokenOptions.DefaultGroups], now, IsSynced);
    }

    private void OnSourceChanged()
    {
        Interlocked.Increment(ref _version);
        Changed?.Invoke();
    }
}
