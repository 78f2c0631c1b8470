using System.Net;
using BootstrapPortal.Core.Tokens;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace BootstrapPortal.Sandbox.Controllers;

/// <summary>
/// kube-controller-manager's <c>tokencleaner</c> (k/k pkg/controller/bootstrap/tokencleaner.go): watches bootstrap-token Secrets in kube-system and deletes
/// expired ones (unparseable expiration counts as expired) with uid and resourceVersion preconditions; a failed
/// precondition (409) or a 404 is ignored. Unexpired tokens with an expiration are looked at again when they expire.
/// </summary>
public sealed class TokenCleanerController : QueueController
{
    private readonly IKubernetes _client;
    private readonly ControllerInformer<V1Secret> _secrets;

    public TokenCleanerController(SandboxControllerContext context)
        : base("tokencleaner", context?.LoggerFactory.CreateLogger<TokenCleanerController>()!, context!.Clock.TimeProvider)
    {
        _client = Own(context.CreateClient(ControllerIdentity.TokenCleaner));
        _secrets = Informers.BootstrapTokenSecretInformer(_client, Queue.Add, Logger, TimeProvider);
    }

    protected override IEnumerable<Func<CancellationToken, Task>> CreateRunners() => [_secrets.RunAsync];

    protected override async Task<TimeSpan?> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var secret = _secrets.Get(key);
        if (secret?.Metadata is null || secret.Type != BootstrapTokenFormat.SecretType || secret.Metadata.DeletionTimestamp is not null)
        {
            return null;
        }

        var expiration = BootstrapTokenSecrets.GetExpiration(secret);
        if (expiration is null)
        {
            return null;
        }

        var now = TimeProvider.GetUtcNow();
        if (expiration > now)
        {
            // Look again when it expires (plus a little, the Secret's expiry is compared with "now" then).
            return expiration.Value - now + TimeSpan.FromMilliseconds(50);
        }

        Logger.LogInformation("tokencleaner: deleting expired bootstrap token Secret {Name}", key);
        try
        {
            await _client.CoreV1.DeleteNamespacedSecretAsync(
                secret.Metadata.Name,
                secret.Metadata.NamespaceProperty,
                new V1DeleteOptions
                {
                    Preconditions = new V1Preconditions { Uid = secret.Metadata.Uid, ResourceVersion = secret.Metadata.ResourceVersion },
                },
                cancellationToken: cancellationToken);
        }
        catch (HttpOperationException ex) when (ex.IsStatus(HttpStatusCode.Conflict) || ex.IsStatus(HttpStatusCode.NotFound))
        {
            Logger.LogDebug("tokencleaner: {Name} changed or vanished before deletion: {Status}", key, ex.Response?.StatusCode);
        }

        return null;
    }
}
