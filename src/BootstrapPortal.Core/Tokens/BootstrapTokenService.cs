using System.Net;
using System.Text;
using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Audit;
using BootstrapPortal.Core.Cache;
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
    private readonly ILogger<BootstrapTokenService> _logger;

    public BootstrapTokenService(IKubernetes client, ClusterCache cache, IOptions<TokenOptions> options, TimeProvider time,
        BootstrapTokenGenerator generator, IAuditTrail audit, ILogger<BootstrapTokenService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _options = options.Value;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _generator = generator ?? throw new ArgumentNullException(nameof(generator));
        _audit = audit ?? throw new ArgumentNullException(nameof(audit));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public IReadOnlyList<BootstrapTokenInfo> List() =>
        BootstrapTokenInventory.Build(
            _cache.BootstrapTokenSecrets.Items,
            _cache.CertificateSigningRequests.Items,
            _cache.Nodes.Items,
            _time.GetUtcNow(),
            _options.ExpiringSoonThreshold);

    public async Task<CreatedToken> CreateAsync(CreateTokenRequest request, PortalActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actor);
        await DemandAsync(actor, PortalPermission.CreateTokens, AuditAction.TokenCreate, request.NodeName ?? "(new)", cancellationToken);
        var validated = CreateTokenRequestValidator.Validate(request, _options);
        DateTimeOffset? expiration = validated.Ttl is { } ttl ? TruncateToSeconds(_time.GetUtcNow() + ttl) : null;
        for (var attempt = 1; attempt <= MaxCreateAttempts; attempt++)
        {
            var id = _generator.NewId();
            var secret = _generator.NewSecret();
            var body = BootstrapTokenSecrets.Build(id, secret, expiration, validated, actor.Name);
            try
            {
                await _client.CoreV1.CreateNamespacedSecretAsync(body, BootstrapTokenFormat.SecretNamespace, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
            {
                LogIdCollision(_logger, id, attempt);
                continue;
            }

            LogCreated(_logger, id, actor.Name, validated.NodeName ?? "-", expiration?.ToString("O") ?? "never");
            await RecordAsync(actor, AuditAction.TokenCreate, body.Metadata.Name, AuditOutcome.Succeeded, request.Description,
                $"node {validated.NodeName ?? "-"}, expires {expiration?.ToString("O") ?? "never"}", cancellationToken);
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
        var secret = await ReadAsync(id, name, cancellationToken);
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
            updated = await _client.CoreV1.ReplaceNamespacedSecretAsync(secret, name, BootstrapTokenFormat.SecretNamespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new BootstrapTokenNotFoundException(id);
        }

        LogExtended(_logger, id, actor.Name, expiration.ToString("O"));
        await RecordAsync(actor, AuditAction.TokenExtend, name, AuditOutcome.Succeeded, null, $"expires {expiration:O}", cancellationToken);
        var lineage = BootstrapTokenInventory.Lineage.Create(_cache.CertificateSigningRequests.Items, _cache.Nodes.Items);
        return BootstrapTokenInventory.Parse(updated, _time.GetUtcNow(), _options.ExpiringSoonThreshold, lineage);
    }

    public async Task DeleteAsync(string id, PortalActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await DemandAsync(actor, PortalPermission.ManageTokens, AuditAction.TokenDelete, BootstrapTokenFormat.SecretName(id), cancellationToken);
        var name = SecretNameFor(id);
        try
        {
            await _client.CoreV1.DeleteNamespacedSecretAsync(name, BootstrapTokenFormat.SecretNamespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new BootstrapTokenNotFoundException(id);
        }

        LogDeleted(_logger, id, actor.Name);
        await RecordAsync(actor, AuditAction.TokenDelete, name, AuditOutcome.Succeeded, null, null, cancellationToken);
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

    private Task RecordAsync(PortalActor actor, string action, string secretName, AuditOutcome outcome, string? reason, string? detail,
        CancellationToken cancellationToken) =>
        _audit.RecordAsync(
            new AuditEvent(_time.GetUtcNow(), actor, action, "Secret", BootstrapTokenFormat.SecretNamespace, secretName, outcome, reason, detail),
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

    private async Task<V1Secret> ReadAsync(string id, string name, CancellationToken cancellationToken)
    {
        try
        {
            var secret = await _client.CoreV1.ReadNamespacedSecretAsync(name, BootstrapTokenFormat.SecretNamespace, cancellationToken: cancellationToken);
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
