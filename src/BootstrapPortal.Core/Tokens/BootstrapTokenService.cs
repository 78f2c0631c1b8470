using System.Net;
using System.Text;
using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Audit;
using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Cluster;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Tokens;

/// <summary>
/// Bootstrap tokens: reads from the shared <see cref="ClusterCache"/>, writes through the API server. Logs token ids only,
/// never a token secret.
/// </summary>
public sealed partial class BootstrapTokenService : IBootstrapTokenService
{
    /// <summary>How many fresh ids are tried when the API server reports the Secret name is taken (409).</summary>
    public const int MaxCreateAttempts = 5;

    private readonly IKubernetes _client;
    private readonly ClusterCache _cache;
    private readonly TokenOptions _options;
    private readonly TimeProvider _time;
    private readonly BootstrapTokenGenerator _generator;
    private readonly IAuditTrail _audit;
    private readonly KubernetesImpersonation _impersonation;
    private readonly ILogger<BootstrapTokenService> _logger;
    private readonly IDefaultTokenGroups? _defaultGroups;
    private readonly BootstrapTokenCatalog _catalog;

    public BootstrapTokenService(IKubernetes client, ClusterCache cache, IOptions<TokenOptions> options, TimeProvider time,
        BootstrapTokenGenerator generator, IAuditTrail audit, KubernetesImpersonation impersonation, ILogger<BootstrapTokenService> logger,
        IDefaultTokenGroups? defaultGroups = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _options = options.Value;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _generator = generator ?? throw new ArgumentNullException(nameof(generator));
        _audit = audit ?? throw new ArgumentNullException(nameof(audit));
        _impersonation = impersonation ?? throw new ArgumentNullException(nameof(impersonation));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _defaultGroups = defaultGroups;
        _catalog = new BootstrapTokenCatalog(cache, time, _options.ExpiringSoonThreshold);
    }

    /// <summary>The extra groups a request without groups gets: what the cluster's RBAC grants bootstrapping to, else the configured default.</summary>
    public IReadOnlyList<string> DefaultGroups => _defaultGroups?.Current() ?? _options.EffectiveDefaultGroups;

    public IReadOnlyList<BootstrapTokenInfo> List() => _catalog.Snapshot.Tokens;

    public TokenListPage Query(TokenListQuery query) => _catalog.Snapshot.Query(query);

    public BootstrapTokenSnapshot Snapshot => _catalog.Snapshot;

    public async Task<CreatedToken> CreateAsync(CreateTokenRequest request, PortalActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actor);
        await DemandAsync(actor, PortalPermission.CreateTokens, AuditAction.TokenCreate, request.NodeName ?? "(new)", cancellationToken);
        var validated = CreateTokenRequestValidator.Validate(request.Groups is null ? request with { Groups = DefaultGroups } : request, _options);
        DateTimeOffset? expiration = validated.Ttl is { } ttl ? TruncateToSeconds(_time.GetUtcNow() + ttl) : null;
        var headers = await HeadersAsync(actor, AuditAction.TokenCreate, validated.NodeName ?? "(new)", cancellationToken);
        for (var attempt = 1; attempt <= MaxCreateAttempts; attempt++)
        {
            var id = _generator.NewId();
            var secret = _generator.NewSecret();
            var body = BootstrapTokenSecrets.Build(id, secret, expiration, validated, actor.Name);
            V1Secret created;
            try
            {
                using var response = await _client.CoreV1.CreateNamespacedSecretWithHttpMessagesAsync(body, BootstrapTokenFormat.SecretNamespace,
                    customHeaders: headers, cancellationToken: cancellationToken);
                created = response.Body;
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
            {
                LogIdCollision(_logger, id, attempt);
                continue;
            }
            catch (Exception ex) when (ex is HttpOperationException or HttpRequestException)
            {
                await RecordFailureAsync(actor, AuditAction.TokenCreate, body.Metadata.Name, null, ex, cancellationToken);
                throw;
            }

            LogCreated(_logger, id, actor.Name, validated.NodeName ?? "-", expiration?.ToString("O") ?? "never");
            await RecordAsync(actor, AuditAction.TokenCreate, body.Metadata.Name, AuditOutcome.Succeeded, request.Description,
                $"node {validated.NodeName ?? "-"}, expires {expiration?.ToString("O") ?? "never"}", cancellationToken, created?.Metadata?.Uid);
            return new CreatedToken(id, id + "." + secret, expiration);
        }

        throw new InvalidOperationException($"No free bootstrap token id after {MaxCreateAttempts} attempts.");
    }

    public async Task<BootstrapTokenInfo> ExtendAsync(string id, TimeSpan extendBy, PortalActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await DemandAsync(actor, PortalPermission.ManageTokens, AuditAction.TokenExtend, BootstrapTokenFormat.SecretName(id), cancellationToken);
        if (extendBy <= TimeSpan.Zero)
        {
            throw new TokenValidationException("extendBy", "The extension must be positive.");
        }

        // Checked before any date arithmetic: an extension longer than the maximum TTL can never be allowed.
        if (extendBy > _options.MaxTtl)
        {
            throw new TokenValidationException("extendBy", $"The extension must be at most the maximum TTL of {Durations.Format(_options.MaxTtl)}.");
        }

        var name = SecretNameFor(id);
        var headers = await HeadersAsync(actor, AuditAction.TokenExtend, name, cancellationToken);
        var secret = await ReadAsync(id, name, headers, actor, cancellationToken);
        var now = _time.GetUtcNow();
        var current = BootstrapTokenInventory.Parse(secret, now, _options.ExpiringSoonThreshold);
        if (current.Expiration is null && current.Status == TokenStatus.NeverExpires)
        {
            throw new TokenValidationException("extendBy", "The token never expires; there is nothing to extend.");
        }

        var from = current.Expiration is { } e && e > now ? e : now;
        var expiration = TruncateToSeconds(from + extendBy);
        if (expiration - now > _options.MaxTtl)
        {
            throw new TokenValidationException("extendBy", $"The token would live longer than the maximum TTL of {Durations.Format(_options.MaxTtl)} from now.");
        }

        secret.Data ??= new Dictionary<string, byte[]>();
        secret.Data[BootstrapTokenFormat.ExpirationKey] = Encoding.UTF8.GetBytes(BootstrapTokenInventory.FormatExpiration(expiration));
        secret.Metadata.Annotations ??= new Dictionary<string, string>();
        secret.Metadata.Annotations[PortalTokenMetadata.ExtendedByAnnotation] = actor.Name;
        V1Secret updated;
        try
        {
            // Replace carries the resourceVersion read above: a concurrent change answers 409 instead of being overwritten.
            using var response = await _client.CoreV1.ReplaceNamespacedSecretWithHttpMessagesAsync(secret, name, BootstrapTokenFormat.SecretNamespace,
                customHeaders: headers, cancellationToken: cancellationToken);
            updated = response.Body;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new BootstrapTokenNotFoundException(id);
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException)
        {
            await RecordFailureAsync(actor, AuditAction.TokenExtend, name, secret.Metadata?.Uid, ex, cancellationToken);
            throw;
        }

        LogExtended(_logger, id, actor.Name, expiration.ToString("O"));
        await RecordAsync(actor, AuditAction.TokenExtend, name, AuditOutcome.Succeeded, null, $"expires {expiration:O}", cancellationToken, updated.Metadata?.Uid);
        var lineage = BootstrapTokenInventory.Lineage.Create(_cache.CertificateSigningRequests.Items, _cache.Nodes.Items);
        return BootstrapTokenInventory.Parse(updated, _time.GetUtcNow(), _options.ExpiringSoonThreshold, lineage);
    }

    public async Task DeleteAsync(string id, PortalActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await DemandAsync(actor, PortalPermission.ManageTokens, AuditAction.TokenDelete, BootstrapTokenFormat.SecretName(id), cancellationToken);
        var name = SecretNameFor(id);
        var uid = _cache.BootstrapTokenSecrets.Get(BootstrapTokenFormat.SecretNamespace, name)?.Metadata?.Uid;
        var headers = await HeadersAsync(actor, AuditAction.TokenDelete, name, cancellationToken);
        try
        {
            using var response = await _client.CoreV1.DeleteNamespacedSecretWithHttpMessagesAsync(name, BootstrapTokenFormat.SecretNamespace,
                customHeaders: headers, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new BootstrapTokenNotFoundException(id);
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException)
        {
            await RecordFailureAsync(actor, AuditAction.TokenDelete, name, uid, ex, cancellationToken);
            throw;
        }

        LogDeleted(_logger, id, actor.Name);
        await RecordAsync(actor, AuditAction.TokenDelete, name, AuditOutcome.Succeeded, null, null, cancellationToken, uid);
    }

    /// <summary>Refuses (and records the refusal) unless the actor's roles grant <paramref name="permission"/>.</summary>
    private async Task DemandAsync(PortalActor actor, PortalPermission permission, string action, string target, CancellationToken cancellationToken)
    {
        if (!actor.Can(permission))
        {
            await RecordAsync(actor, action, target, AuditOutcome.Refused, null, $"needs the {PortalRoles.LeastRoleFor(permission)} role", cancellationToken);
            actor.Demand(permission);
        }
    }

    /// <summary>The impersonation headers for the actor's writes; a refusal is recorded before it is thrown.</summary>
    private async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>?> HeadersAsync(PortalActor actor, string action, string target,
        CancellationToken cancellationToken)
    {
        try
        {
            return _impersonation.HeadersFor(actor);
        }
        catch (ImpersonationException ex)
        {
            await RecordAsync(actor, action, target, AuditOutcome.Refused, null, ex.Message, cancellationToken);
            throw;
        }
    }

    /// <summary>Records a write the API server refused (403: Refused) or that failed otherwise (Failed).</summary>
    private Task RecordFailureAsync(PortalActor actor, string action, string secretName, string? uid, Exception exception, CancellationToken cancellationToken) =>
        RecordAsync(actor, action, secretName, KubernetesErrors.StatusCode(exception) is 401 or 403 ? AuditOutcome.Refused : AuditOutcome.Failed, null,
            KubernetesErrors.Describe(exception), cancellationToken, uid);

    private Task RecordAsync(PortalActor actor, string action, string secretName, AuditOutcome outcome, string? reason, string? detail,
        CancellationToken cancellationToken, string? uid = null) =>
        _audit.RecordAsync(
            new AuditEvent(_time.GetUtcNow(), actor, action, "Secret", BootstrapTokenFormat.SecretNamespace, secretName, outcome, reason, detail, uid),
            cancellationToken);

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value) =>
        new DateTimeOffset(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    /// <summary>The Secret for <paramref name="id"/>: a cached row with that id (it may have a malformed name), else the conventional name.</summary>
    private string SecretNameFor(string id)
    {
        if (string.IsNullOrEmpty(id))
        {
            throw new BootstrapTokenNotFoundException(id ?? string.Empty);
        }

        var cached = List().FirstOrDefault(t => string.Equals(t.Id, id, StringComparison.Ordinal));
        if (cached is not null)
        {
            return cached.SecretName;
        }

        if (!BootstrapTokenFormat.TokenIdPattern().IsMatch(id))
        {
            throw new BootstrapTokenNotFoundException(id);
        }

        return BootstrapTokenFormat.SecretName(id);
    }

    private async Task<V1Secret> ReadAsync(string id, string name, IReadOnlyDictionary<string, IReadOnlyList<string>>? headers, PortalActor actor,
        CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _client.CoreV1.ReadNamespacedSecretWithHttpMessagesAsync(name, BootstrapTokenFormat.SecretNamespace,
                customHeaders: headers, cancellationToken: cancellationToken);
            var secret = response.Body;
            if (!string.Equals(secret.Type, BootstrapTokenFormat.SecretType, StringComparison.Ordinal))
            {
                throw new BootstrapTokenNotFoundException(id);
            }

            return secret;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new BootstrapTokenNotFoundException(id);
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException)
        {
            await RecordFailureAsync(actor, AuditAction.TokenExtend, name, null, ex, cancellationToken);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created bootstrap token {TokenId} for {Actor} (node {NodeName}, expires {Expiration})")]
    private static partial void LogCreated(ILogger logger, string tokenId, string actor, string nodeName, string expiration);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bootstrap token id {TokenId} is taken (attempt {Attempt}); trying another")]
    private static partial void LogIdCollision(ILogger logger, string tokenId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Extended bootstrap token {TokenId} for {Actor} to {Expiration}")]
    private static partial void LogExtended(ILogger logger, string tokenId, string actor, string expiration);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted bootstrap token {TokenId} for {Actor}")]
    private static partial void LogDeleted(ILogger logger, string tokenId, string actor);
}
