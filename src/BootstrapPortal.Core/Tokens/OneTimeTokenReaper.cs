using System.Net;
using BootstrapPortal.Core.Cache;
using BootstrapPortal.Core.Cluster;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Core.Tokens;

/// <summary>
/// Deletes one-time tokens (label <c>bootstrapportal.io/one-time: "true"</c>) once a CSR from <c>system:bootstrap:&lt;id&gt;</c>
/// has been issued a certificate (its node's first client certificate) and the kubelet has picked it up (see <see cref="Due"/>). Driven by the shared cache; deletes with a
/// <c>uid</c> precondition so that a re-created Secret of the same name is never removed.
/// </summary>
public sealed partial class OneTimeTokenReaper : BackgroundService
{
    private readonly ClusterCache _cache;
    private readonly IServiceProvider _services;
    private readonly ILogger<OneTimeTokenReaper> _logger;
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly HashSet<string> _deletedUids = new(StringComparer.Ordinal);

    public OneTimeTokenReaper(ClusterCache cache, IServiceProvider services, ILogger<OneTimeTokenReaper> logger)
    {
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _services = services ?? throw new ArgumentNullException(nameof(services));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>
    /// How long after its first certificate was issued a one-time token is kept when its node has not (re-)registered: the
    /// kubelet still needs the token to read the issued certificate, so deleting at the moment of issuance would strand it.
    /// </summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The one-time token Secrets that are due for deletion (pure, for tests): a CSR from <c>system:bootstrap:&lt;id&gt;</c> has been
    /// issued a certificate AND the kubelet has evidently picked it up — the token's node registered a Node object at or after
    /// that CSR's creation — or the certificate was issued longer than <see cref="GracePeriod"/> ago.
    /// </summary>
    public static IReadOnlyList<V1Secret> Due(
        IEnumerable<V1Secret> secrets, IEnumerable<V1CertificateSigningRequest> csrs, IEnumerable<V1Node> nodes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(csrs);
        ArgumentNullException.ThrowIfNull(nodes);
        var issuedAt = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var csr in csrs.Where(c => c.Status?.Certificate is { Length: > 0 } && c.Spec?.Username is not null))
        {
            var created = csr.Metadata?.CreationTimestamp ?? DateTime.MinValue;
            if (!issuedAt.TryGetValue(csr.Spec.Username, out var earliest) || created < earliest)
            {
                issuedAt[csr.Spec.Username] = created;
            }
        }

        var nodeCreated = nodes
            .Where(n => n.Metadata?.Name is not null)
            .GroupBy(n => n.Metadata.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Metadata.CreationTimestamp ?? DateTime.MinValue, StringComparer.Ordinal);
        return secrets.Where(s =>
                s.Metadata?.Labels is { } labels &&
                labels.TryGetValue(PortalTokenMetadata.OneTimeLabel, out var oneTime) && oneTime == "true" &&
                s.Metadata.DeletionTimestamp is null &&
                s.Metadata.Name is { } name && BootstrapTokenFormat.SecretNamePattern().Match(name) is { Success: true } match &&
                issuedAt.TryGetValue(BootstrapTokenFormat.UserPrefix + match.Groups[1].Value, out var csrCreated) &&
                (PickedUp(s, csrCreated, nodeCreated) || now - new DateTimeOffset(DateTime.SpecifyKind(csrCreated, DateTimeKind.Utc)) > GracePeriod))
            .ToArray();
    }

    private static bool PickedUp(V1Secret secret, DateTime csrCreated, Dictionary<string, DateTime> nodeCreated) =>
        secret.Metadata.Annotations is { } annotations &&
        annotations.TryGetValue(PortalTokenMetadata.NodeNameAnnotation, out var node) &&
        nodeCreated.TryGetValue(node, out var registered) &&
        registered >= csrCreated;

    public override void Dispose()
    {
        _signal.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Resolved here: in sandbox mode the cluster exists only once the sandbox host has started.
        if (StartedClusterClient.ResolveUnlessStopping(_services, stoppingToken) is not { } client)
        {
            return;
        }

        _cache.Changed += Wake;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await SweepAsync(client, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A failed sweep must not stop the host; the next cache change or the periodic wake-up retries.
                    LogSweepFailed(_logger, ex);
                }

                await _signal.WaitAsync(TimeSpan.FromSeconds(30), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _cache.Changed -= Wake;
        }
    }

    private void Wake()
    {
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (Exception ex) when (ex is SemaphoreFullException or ObjectDisposedException)
        {
            // Already signalled, or stopping.
        }
    }

    private async Task SweepAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        if (!_cache.BootstrapTokenSecrets.Status.IsSynced || !_cache.CertificateSigningRequests.Status.IsSynced || !_cache.Nodes.Status.IsSynced)
        {
            return;
        }

        var secrets = _cache.BootstrapTokenSecrets.Items;

        // Forget Secrets that are gone, so the set stays as small as the cache.
        var present = secrets.Select(s => s.Metadata?.Uid ?? string.Empty).ToHashSet(StringComparer.Ordinal);
        _deletedUids.IntersectWith(present);
        foreach (var secret in Due(secrets, _cache.CertificateSigningRequests.Items, _cache.Nodes.Items, DateTimeOffset.UtcNow))
        {
            var uid = secret.Metadata.Uid ?? string.Empty;
            if (!_deletedUids.Add(uid))
            {
                continue;
            }

            var id = secret.Metadata.Name[BootstrapTokenFormat.SecretNamePrefix.Length..];
            try
            {
                await client.CoreV1.DeleteNamespacedSecretAsync(secret.Metadata.Name, BootstrapTokenFormat.SecretNamespace,
                    new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = secret.Metadata.Uid } },
                    cancellationToken: cancellationToken);
                LogDeleted(_logger, id);
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
            {
                // Already gone, or replaced by another Secret of the same name: nothing to do.
            }
            catch (HttpOperationException ex)
            {
                _deletedUids.Remove(uid);
                LogDeleteFailed(_logger, ex, id, (int)ex.Response.StatusCode);
            }
            catch (HttpRequestException ex)
            {
                _deletedUids.Remove(uid);
                LogDeleteFailed(_logger, ex, id, 0);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping one-time bootstrap tokens failed; will retry")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted one-time bootstrap token {TokenId}: its node's first client certificate was issued")]
    private static partial void LogDeleted(ILogger logger, string tokenId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete one-time bootstrap token {TokenId} (status {StatusCode}); will retry")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, string tokenId, int statusCode);
}
