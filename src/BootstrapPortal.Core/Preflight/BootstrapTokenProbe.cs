using System.Globalization;
using System.Net;
using System.Text;
using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Audit;
using BootstrapPortal.Core.Cluster;
using BootstrapPortal.Core.Text;
using BootstrapPortal.Core.Tokens;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Core.Preflight;

/// <summary>
/// Checks that kube-apiserver authenticates bootstrap tokens: creates a short-lived token Secret that can only authenticate
/// (no extra groups, no signing), asks a TokenReview about it until the API server's token informer has it or the timeout
/// passes, and deletes the Secret in every case. The portal acts as itself; both writes go to the audit trail.
/// </summary>
public sealed partial class BootstrapTokenProbe
{
    public const string PurposeLabel = PortalTokenMetadata.Prefix + "purpose";
    public const string PurposeValue = "preflight";

    /// <summary>The probe's expiry: if deleting it failed, tokencleaner removes it soon after.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private static readonly PortalActor Actor = PortalActor.Portal("preflight");
    private readonly IKubernetes _client;
    private readonly BootstrapTokenGenerator _generator;
    private readonly IAuditTrail _audit;
    private readonly TimeProvider _time;
    private readonly ILogger<BootstrapTokenProbe> _logger;

    public BootstrapTokenProbe(IKubernetes client, BootstrapTokenGenerator generator, IAuditTrail audit, TimeProvider time, ILogger<BootstrapTokenProbe> logger)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _generator = generator ?? throw new ArgumentNullException(nameof(generator));
        _audit = audit ?? throw new ArgumentNullException(nameof(audit));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Whether a token Secret is a preflight probe (left out of the preflight's own token checks).</summary>
    public static bool IsProbe(V1Secret secret) =>
        secret?.Metadata?.Labels is { } labels && labels.TryGetValue(PurposeLabel, out var purpose) && purpose == PurposeValue;

    public async Task<TokenProbeOutcome> RunAsync(TimeSpan timeout, string requestedBy, CancellationToken cancellationToken)
    {
        string? id = null;
        string? secret = null;
        for (var attempt = 0; attempt < 3 && id is null; attempt++)
        {
            var (candidate, candidateSecret) = (_generator.NewId(), _generator.NewSecret());
            try
            {
                await _client.CoreV1.CreateNamespacedSecretAsync(Build(candidate, candidateSecret), BootstrapTokenFormat.SecretNamespace,
                    cancellationToken: cancellationToken);
                (id, secret) = (candidate, candidateSecret);
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // Id taken: try another.
            }
            catch (Exception ex) when (ex is HttpOperationException or HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return TokenProbeOutcome.Unavailable(KubernetesErrors.StatusCode(ex) == 403
                    ? EvidenceText.ProbeNoSecrets.Text
                    : EvidenceText.ProbeCreateFailed.With(KubernetesErrors.Describe(ex)));
            }
        }

        if (id is null || secret is null)
        {
            return TokenProbeOutcome.Unavailable(EvidenceText.ProbeNoFreeId.Text);
        }

        var name = BootstrapTokenFormat.SecretName(id);
        await RecordAsync(AuditAction.TokenCreate, name, $"short-lived preflight probe (authentication only), requested by {requestedBy}", cancellationToken);
        try
        {
            return await ReviewAsync(id, secret, timeout, cancellationToken);
        }
        finally
        {
            await DeleteAsync(id, name);
        }
    }

    private async Task<TokenProbeOutcome> ReviewAsync(string id, string secret, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = _time.GetUtcNow();
        string? lastError = null;
        var attempts = 0;
        while (true)
        {
            attempts++;
            V1TokenReview review;
            try
            {
                review = await _client.AuthenticationV1.CreateTokenReviewAsync(
                    new V1TokenReview { ApiVersion = "authentication.k8s.io/v1", Kind = "TokenReview", Spec = new V1TokenReviewSpec { Token = id + "." + secret } },
                    cancellationToken: cancellationToken);
            }
            catch (Exception ex) when (ex is HttpOperationException or HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return TokenProbeOutcome.Unavailable(KubernetesErrors.StatusCode(ex) switch
                {
                    403 => EvidenceText.ProbeNoTokenReviews.Text,
                    404 => EvidenceText.ProbeTokenReviewsNotServed.Text,
                    _ => EvidenceText.ProbeTokenReviewFailed.With(KubernetesErrors.Describe(ex)),
                });
            }

            if (review.Status?.Authenticated == true)
            {
                var elapsed = _time.GetUtcNow() - started;
                return new TokenProbeOutcome(true, review.Status.User?.Username, [.. review.Status.User?.Groups ?? []],
                    EvidenceText.ProbeAuthenticatedAfter.With(id, attempts, elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)));
            }

            lastError = review.Status?.Error;
            if (_time.GetUtcNow() - started >= timeout)
            {
                return new TokenProbeOutcome(false, null, [],
                    string.IsNullOrEmpty(lastError)
                        ? EvidenceText.ProbeNotAuthenticated.With(attempts, timeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture), id)
                        : EvidenceText.ProbeNotAuthenticatedSaid.With(attempts, timeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture), id, lastError));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), _time, cancellationToken);
        }
    }

    private async Task DeleteAsync(string id, string name)
    {
        using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _client.CoreV1.DeleteNamespacedSecretAsync(name, BootstrapTokenFormat.SecretNamespace, cancellationToken: cleanup.Token);
            await RecordAsync(AuditAction.TokenDelete, name, "preflight probe removed", CancellationToken.None);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            await RecordAsync(AuditAction.TokenDelete, name, "preflight probe already gone", CancellationToken.None);
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            LogDeleteFailed(_logger, id, Lifetime);
        }
    }

    private V1Secret Build(string id, string secret) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta
        {
            Name = BootstrapTokenFormat.SecretName(id),
            NamespaceProperty = BootstrapTokenFormat.SecretNamespace,
            Labels = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [PortalTokenMetadata.ManagedByLabel] = PortalTokenMetadata.ManagedByValue,
                [PurposeLabel] = PurposeValue,
            },
            Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { [PortalTokenMetadata.CreatedByAnnotation] = Actor.Name },
        },
        Type = BootstrapTokenFormat.SecretType,
        Data = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [BootstrapTokenFormat.TokenIdKey] = Encoding.ASCII.GetBytes(id),
            [BootstrapTokenFormat.TokenSecretKey] = Encoding.ASCII.GetBytes(secret),
            [BootstrapTokenFormat.UsageAuthenticationKey] = "true"u8.ToArray(),
            [BootstrapTokenFormat.ExpirationKey] = Encoding.ASCII.GetBytes(BootstrapTokenInventory.FormatExpiration(_time.GetUtcNow() + Lifetime)),
            [BootstrapTokenFormat.DescriptionKey] = "BootstrapPortal preflight probe: checks that the API server authenticates bootstrap tokens; deleted right away."u8.ToArray(),
        },
    };

    private Task RecordAsync(string action, string name, string detail, CancellationToken cancellationToken) =>
        _audit.RecordAsync(new AuditEvent(_time.GetUtcNow(), Actor, action, "Secret", BootstrapTokenFormat.SecretNamespace, name, AuditOutcome.Succeeded,
            "preflight: bootstrap-token authentication", detail), cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete preflight probe token {TokenId}; it expires within {Lifetime} and tokencleaner removes it")]
    private static partial void LogDeleteFailed(ILogger logger, string tokenId, TimeSpan lifetime);
}
