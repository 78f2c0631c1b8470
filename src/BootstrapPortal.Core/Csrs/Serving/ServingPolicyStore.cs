using System.Globalization;
using System.Net;
using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Audit;
using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Cluster;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Csrs.Serving;

/// <summary>
/// <see cref="IServingPolicyStore"/> over a ConfigMap (<c>CsrPolicy:ServingPolicyNamespace</c>/<c>ServingPolicyConfigMap</c>,
/// key <c>policy.json</c>) watched with list+watch, so every replica applies an edit at once; saves are conditional on the
/// resourceVersion the editor read. Until an Admin saves one, the <c>CsrPolicy:Serving</c> configuration is the policy.
/// The portal's identity needs get/list/watch/create/update on that ConfigMap.
/// </summary>
public sealed partial class ServingPolicyStore : BackgroundService, IServingPolicyStore
{
    public const string DataKey = "policy.json";
    public const string UpdatedByAnnotation = "bootstrapportal.io/updated-by";
    public const string UpdatedAtAnnotation = "bootstrapportal.io/updated-at";
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string DefaultNamespace = "kube-system";
    private const string InClusterNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

    private readonly IServiceProvider _services;
    private readonly IOptionsMonitor<CsrPolicyOptions> _options;
    private readonly IAuditTrail _audit;
    private readonly TimeProvider _time;
    private readonly ILogger<ServingPolicyStore> _logger;
    private readonly ResourceInformer<V1ConfigMap> _informer;
    private readonly Lock _lock = new();
    private Built? _current;

    public ServingPolicyStore(IServiceProvider services, IOptionsMonitor<CsrPolicyOptions> options, IOptions<InformerOptions> informerOptions,
        IOptions<KubernetesConnectionOptions> connection, IAuditTrail audit, TimeProvider time, ILogger<ServingPolicyStore> logger)
    {
        ArgumentNullException.ThrowIfNull(informerOptions);
        ArgumentNullException.ThrowIfNull(connection);
        _services = services ?? throw new ArgumentNullException(nameof(services));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _audit = audit ?? throw new ArgumentNullException(nameof(audit));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        Namespace = ResolveNamespace(options.CurrentValue.ServingPolicyNamespace, connection.Value.Mode);
        Name = options.CurrentValue.ServingPolicyConfigMap;
        _informer = new ResourceInformer<V1ConfigMap>(Source(Namespace, Name), informerOptions.Value, time, logger);
        _informer.Changed += () => Changed?.Invoke();
    }

    public event Action? Changed;

    public string Namespace { get; }

    public string Name { get; }

    public bool IsSynced => _informer.Status.IsSynced;

    /// <summary>The state of the ConfigMap watch (for health and the policy page).</summary>
    public CacheStatus Status => _informer.Status;

    public ServingPolicySnapshot Current
    {
        get
        {
            var items = _informer.Items;
            var options = _options.CurrentValue;
            var current = Volatile.Read(ref _current);
            if (current is not null && ReferenceEquals(current.Items, items) && ReferenceEquals(current.Options, options))
            {
                return current.Snapshot;
            }

            lock (_lock)
            {
                current = _current;
                if (current is not null && ReferenceEquals(current.Items, items) && ReferenceEquals(current.Options, options))
                {
                    return current.Snapshot;
                }

                var snapshot = Build(items.FirstOrDefault(), options);
                Volatile.Write(ref _current, new Built(items, options, snapshot));
                return snapshot;
            }
        }
    }

    public async Task<ServingPolicySnapshot> SaveAsync(ServingPolicy policy, string? expectedResourceVersion, PortalActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.Can(PortalPermission.ManagePolicy))
        {
            await RecordAsync(actor, AuditOutcome.Refused, $"needs the {PortalRoles.LeastRoleFor(PortalPermission.ManagePolicy)} role", cancellationToken);
            actor.Demand(PortalPermission.ManagePolicy);
        }

        var errors = ServingPolicyValidator.Validate(policy);
        if (errors.Count > 0)
        {
            await RecordAsync(actor, AuditOutcome.Failed, "invalid: " + string.Join("; ", errors.Select(e => e.Field)), cancellationToken);
            throw new ServingPolicyValidationException(errors);
        }

        var client = _services.GetRequiredService<IKubernetes>();
        var now = _time.GetUtcNow();
        var json = ServingPolicyJson.Serialize(policy);
        V1ConfigMap written;
        try
        {
            var existing = await ReadAsync(client, cancellationToken);
            var expected = string.IsNullOrEmpty(expectedResourceVersion) ? null : expectedResourceVersion;
            if (!string.Equals(existing?.Metadata?.ResourceVersion, expected, StringComparison.Ordinal))
            {
                throw Conflict(existing);
            }

            if (existing is null)
            {
                written = await client.CoreV1.CreateNamespacedConfigMapAsync(New(json, actor, now), Namespace, cancellationToken: cancellationToken);
            }
            else
            {
                existing.Data ??= new Dictionary<string, string>();
                existing.Data[DataKey] = json;
                Stamp(existing.Metadata, actor, now);
                written = await client.CoreV1.ReplaceNamespacedConfigMapAsync(existing, Name, Namespace, cancellationToken: cancellationToken);
            }
        }
        catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.Conflict)
        {
            var latest = await ReadAsync(client, cancellationToken);
            await RecordAsync(actor, AuditOutcome.Failed, "changed meanwhile", cancellationToken);
            throw Conflict(latest);
        }
        catch (ServingPolicyConflictException)
        {
            await RecordAsync(actor, AuditOutcome.Failed, "changed meanwhile", cancellationToken);
            throw;
        }
        catch (HttpOperationException ex) when (ex.Response?.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            await RecordAsync(actor, AuditOutcome.Refused, "the cluster refused: " + KubernetesErrors.Describe(ex), cancellationToken);
            throw;
        }

        LogSaved(_logger, Namespace, Name, actor.Name, written.Metadata?.ResourceVersion);
        await RecordAsync(actor, AuditOutcome.Succeeded, Summary(policy), cancellationToken);
        return Build(written, _options.CurrentValue);
    }

    /// <summary>A one-line account of a policy for the audit trail.</summary>
    public static string Summary(ServingPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return string.Create(CultureInfo.InvariantCulture,
            $"enabled={policy.Enabled}, nodeNamePattern={(policy.NodeNamePattern.Length == 0 ? "(any)" : policy.NodeNamePattern)}, " +
            $"allowedIpPrefixes=[{string.Join(", ", policy.AllowedIpPrefixes)}], maxDnsNames={policy.MaxDnsNames}, maxIpAddresses={policy.MaxIpAddresses}, " +
            $"sansWithinNodeAddresses={policy.SansWithinNodeAddresses}, resolveDnsNames={policy.ResolveDnsNames}, dnsTimeoutSeconds={policy.DnsTimeoutSeconds}, " +
            $"maxExpirationSeconds={(policy.MaxExpirationSeconds?.ToString(CultureInfo.InvariantCulture) ?? "(none)")}, onlyExistingNodes={policy.OnlyExistingNodes}");
    }

    /// <summary>The configured namespace, else the pod's own namespace in-cluster, else <see cref="DefaultNamespace"/>.</summary>
    public static string ResolveNamespace(string? configured, KubernetesMode mode)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured.Trim();
        }

        if (mode == KubernetesMode.InCluster && File.Exists(InClusterNamespaceFile))
        {
            var own = File.ReadAllText(InClusterNamespaceFile).Trim();
            if (own.Length > 0)
            {
                return own;
            }
        }

        return DefaultNamespace;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Resolved here, not in the constructor: in sandbox mode the cluster exists only once the sandbox host has started.
        var client = _services.GetRequiredService<IKubernetes>();
        LogWatching(_logger, Namespace, Name);
        await _informer.RunAsync(client, stoppingToken);
    }

    private ServingPolicySnapshot Build(V1ConfigMap? map, CsrPolicyOptions options)
    {
        var location = Namespace + "/" + Name;
        var configured = (options.Serving ?? new ServingPolicySettings()).ToPolicy();
        var seed = ServingPolicyValidator.Validate(configured).Count == 0 ? ServingPolicyRules.Compile(configured) : ServingPolicyRules.Default;
        if (map is null)
        {
            return new ServingPolicySnapshot(seed, ServingPolicySource.Configuration, location, null, null, null, null);
        }

        var annotations = map.Metadata?.Annotations;
        var by = annotations?.TryGetValue(UpdatedByAnnotation, out var who) == true ? who : null;
        DateTimeOffset? at = annotations?.TryGetValue(UpdatedAtAnnotation, out var when) == true
            && DateTimeOffset.TryParse(when, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
        var version = map.Metadata?.ResourceVersion;
        if (map.Data is null || !map.Data.TryGetValue(DataKey, out var json))
        {
            return new ServingPolicySnapshot(seed, ServingPolicySource.ConfigMap, location, version, by, at,
                $"ConfigMap {location} has no key {DataKey}; the configured policy applies and the approver does not act.");
        }

        if (!ServingPolicyJson.TryParse(json, out var stored, out var errors))
        {
            LogInvalid(_logger, location, errors.Count);
            return new ServingPolicySnapshot(seed, ServingPolicySource.ConfigMap, location, version, by, at,
                $"ConfigMap {location} key {DataKey} is not a valid policy ({string.Join("; ", errors.Select(e => $"{e.Field} {e.Message}"))}); the configured policy applies and the approver does not act.");
        }

        return new ServingPolicySnapshot(ServingPolicyRules.Compile(stored!), ServingPolicySource.ConfigMap, location, version, by, at, null);
    }

    private async Task<V1ConfigMap?> ReadAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CoreV1.ReadNamespacedConfigMapAsync(Name, Namespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private ServingPolicyConflictException Conflict(V1ConfigMap? latest)
    {
        var by = latest?.Metadata?.Annotations?.TryGetValue(UpdatedByAnnotation, out var who) == true ? who : null;
        var message = latest is null
            ? $"The stored serving policy ({Namespace}/{Name}) was deleted meanwhile; reload and save again."
            : $"The stored serving policy ({Namespace}/{Name}) was changed meanwhile{(by is null ? string.Empty : " by " + by)}; reload it and apply your edit again.";
        return new ServingPolicyConflictException(message, latest?.Metadata?.ResourceVersion);
    }

    private V1ConfigMap New(string json, PortalActor actor, DateTimeOffset now)
    {
        var map = new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = Namespace },
            Data = new Dictionary<string, string> { [DataKey] = json },
        };
        Stamp(map.Metadata, actor, now);
        return map;
    }

    private static void Stamp(V1ObjectMeta metadata, PortalActor actor, DateTimeOffset now)
    {
        metadata.Labels ??= new Dictionary<string, string>();
        metadata.Labels[ManagedByLabel] = "bootstrapportal";
        metadata.Annotations ??= new Dictionary<string, string>();
        metadata.Annotations[UpdatedByAnnotation] = actor.Name;
        metadata.Annotations[UpdatedAtAnnotation] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    private Task RecordAsync(PortalActor actor, AuditOutcome outcome, string detail, CancellationToken cancellationToken) =>
        _audit.RecordAsync(new AuditEvent(_time.GetUtcNow(), actor, AuditAction.PolicyChange, "ConfigMap", Namespace, Name, outcome,
            "serving-certificate policy", detail), cancellationToken);

    private static ResourceSource<V1ConfigMap> Source(string ns, string name)
    {
        var selector = "metadata.name=" + name;
        return new ResourceSource<V1ConfigMap>(
            "serving policy configmap",
            async (c, cont, limit, ct) =>
            {
                var list = await c.CoreV1.ListNamespacedConfigMapAsync(ns, continueParameter: cont, fieldSelector: selector, limit: limit, cancellationToken: ct);
                return new ResourcePage<V1ConfigMap>(list.Items, list.Metadata?.ResourceVersion, list.Metadata?.ContinueProperty);
            },
            (c, rv, timeout, onError, ct) => c.CoreV1.WatchListNamespacedConfigMapAsync(ns, allowWatchBookmarks: true, fieldSelector: selector,
                resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));
    }

    private sealed record Built(IReadOnlyCollection<V1ConfigMap> Items, CsrPolicyOptions Options, ServingPolicySnapshot Snapshot);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching the serving policy ConfigMap {Namespace}/{Name}")]
    private static partial void LogWatching(ILogger logger, string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving policy {Namespace}/{Name} saved by {Actor} (resourceVersion {ResourceVersion})")]
    private static partial void LogSaved(ILogger logger, string @namespace, string name, string actor, string? resourceVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The stored serving policy {Location} is invalid ({ErrorCount} errors); the configured policy applies and the approver does not act")]
    private static partial void LogInvalid(ILogger logger, string location, int errorCount);
}
