using System.Text;
using k8s.Models;

namespace BootstrapPortal.Core.Tokens;

/// <summary>Builds the Secret of a new token exactly as kubeadm encodes it (k/k cmd/kubeadm/app/apis/bootstraptoken/v1/utils.go), plus the portal's metadata.</summary>
public static class BootstrapTokenSecrets
{
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
