using System.Text;
using k8s.Models;

namespace BootstrapPortal.Core.Tokens;

/// <summary>
/// Bootstrap-token Secrets: building one exactly as kubeadm encodes it (k/k cmd/kubeadm/app/apis/bootstraptoken/v1/utils.go, plus
/// the portal's metadata), and reading one as the API server and kube-controller-manager do (k8s.io/cluster-bootstrap
/// <c>util/secrets/secrets.go</c>): the portal, the sandbox's authenticator and its bootstrap controllers share these rules.
/// </summary>
public static class BootstrapTokenSecrets
{
    /// <summary>The <c>data</c> value of <paramref name="key"/> as text, or null when absent.</summary>
    public static string? GetData(V1Secret secret, string key)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return secret.Data is not null && secret.Data.TryGetValue(key, out var value) && value is not null ? Encoding.UTF8.GetString(value) : null;
    }

    /// <summary>
    /// <c>GetExpiration</c>: absent or empty → never expires (null); not parseable by Go's RFC 3339 parser → expired
    /// (<see cref="DateTimeOffset.MinValue"/>); otherwise the expiry time.
    /// </summary>
    public static DateTimeOffset? GetExpiration(V1Secret secret)
    {
        var text = GetData(secret, BootstrapTokenFormat.ExpirationKey);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return GoRfc3339.TryParse(text, out var expiration) ? expiration : DateTimeOffset.MinValue;
    }

    /// <summary>Expired when <c>expiration − now ≤ 0</c> (unparseable counts as expired; absent never expires).</summary>
    public static bool IsExpired(V1Secret secret, DateTimeOffset now) => GetExpiration(secret) is { } expiry && expiry - now <= TimeSpan.Zero;

    /// <summary>The token of a Secret usable for signing cluster-info (<c>validateSecretForSigning</c> of the bootstrapsigner), or null.</summary>
    public static (string Id, string Secret)? GetSigningToken(V1Secret secret, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var match = BootstrapTokenFormat.SecretNamePattern().Match(secret.Metadata?.Name ?? string.Empty);
        if (!match.Success)
        {
            return null;
        }

        var id = GetData(secret, BootstrapTokenFormat.TokenIdKey);
        var tokenSecret = GetData(secret, BootstrapTokenFormat.TokenSecretKey);
        if (id != match.Groups[1].Value || string.IsNullOrEmpty(tokenSecret))
        {
            return null;
        }

        if (IsExpired(secret, now) || GetData(secret, BootstrapTokenFormat.UsageSigningKey) != "true")
        {
            return null;
        }

        return (id, tokenSecret);
    }

    public static V1Secret Build(string id, string secret, DateTimeOffset? expiration, ValidatedTokenRequest request, string actor)
    {
        ArgumentNullException.ThrowIfNull(request);
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [BootstrapTokenFormat.TokenIdKey] = Encoding.UTF8.GetBytes(id),
            [BootstrapTokenFormat.TokenSecretKey] = Encoding.UTF8.GetBytes(secret),
        };
        if (request.Description is not null)
        {
            data[BootstrapTokenFormat.DescriptionKey] = Encoding.UTF8.GetBytes(request.Description);
        }

        if (expiration is not null)
        {
            data[BootstrapTokenFormat.ExpirationKey] = Encoding.UTF8.GetBytes(BootstrapTokenInventory.FormatExpiration(expiration.Value));
        }

        foreach (var usage in request.Usages)
        {
            data[BootstrapTokenUsages.Key(usage)] = "true"u8.ToArray();
        }

        if (request.Groups.Count > 0)
        {
            data[BootstrapTokenFormat.ExtraGroupsKey] = Encoding.UTF8.GetBytes(string.Join(',', request.Groups));
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [PortalTokenMetadata.ManagedByLabel] = PortalTokenMetadata.ManagedByValue,
        };
        if (request.OneTime)
        {
            labels[PortalTokenMetadata.OneTimeLabel] = "true";
        }

        var annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [PortalTokenMetadata.CreatedByAnnotation] = actor,
        };
        if (request.NodeName is not null)
        {
            annotations[PortalTokenMetadata.NodeNameAnnotation] = request.NodeName;
        }

        return new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta
            {
                Name = BootstrapTokenFormat.SecretName(id),
                NamespaceProperty = BootstrapTokenFormat.SecretNamespace,
                Labels = labels,
                Annotations = annotations,
            },
            Type = BootstrapTokenFormat.SecretType,
            Data = data,
        };
    }
}
