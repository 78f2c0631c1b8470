using System.Text.RegularExpressions;

namespace BootstrapPortal.Core.Tokens;

/// <summary>Constants and patterns of bootstrap tokens (k8s.io/cluster-bootstrap <c>token/api/types.go</c>).</summary>
public static partial class BootstrapTokenFormat
{
    public const string SecretNamePrefix = "bootstrap-token-";
    public const string SecretType = "bootstrap.kubernetes.io/token";
    public const string SecretNamespace = "kube-system";
    public const string TokenIdKey = "token-id";
    public const string TokenSecretKey = "token-secret";
    public const string ExpirationKey = "expiration";
    public const string DescriptionKey = "description";
    public const string ExtraGroupsKey = "auth-extra-groups";
    public const string UsagePrefix = "usage-bootstrap-";
    public const string UsageAuthenticationKey = "usage-bootstrap-authentication";
    public const string UsageSigningKey = "usage-bootstrap-signing";
    public const string UserPrefix = "system:bootstrap:";
    public const string DefaultGroup = "system:bootstrappers";
    public const string ClusterInfoConfigMap = "cluster-info";
    public const string ClusterInfoNamespace = "kube-public";
    public const string KubeconfigKey = "kubeconfig";
    public const string JwsSignaturePrefix = "jws-kubeconfig-";
    public const int IdLength = 6;
    public const int SecretLength = 16;

    /// <summary><c>\A([a-z0-9]{6})\.([a-z0-9]{16})\z</c>.</summary>
    [GeneratedRegex(@"\A([a-z0-9]{6})\.([a-z0-9]{16})\z", RegexOptions.CultureInvariant)]
    public static partial Regex TokenPattern();

    /// <summary><c>\A([a-z0-9]{6})\z</c>.</summary>
    [GeneratedRegex(@"\A([a-z0-9]{6})\z", RegexOptions.CultureInvariant)]
    public static partial Regex TokenIdPattern();

    /// <summary><c>\Asystem:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]\z</c>.</summary>
    [GeneratedRegex(@"\Asystem:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]\z", RegexOptions.CultureInvariant)]
    public static partial Regex GroupPattern();

    /// <summary>Secret name pattern <c>^bootstrap-token-([a-z0-9]{6})$</c> (ported with <c>\z</c>).</summary>
    [GeneratedRegex(@"\Abootstrap-token-([a-z0-9]{6})\z", RegexOptions.CultureInvariant)]
    public static partial Regex SecretNamePattern();

    /// <summary>Splits <c>id.secret</c> when it matches <see cref="TokenPattern"/>.</summary>
    public static bool TryParse(string? token, out string id, out string secret)
    {
        id = string.Empty;
        secret = string.Empty;
        if (token is null)
        {
            return false;
        }

        var match = TokenPattern().Match(token);
        if (!match.Success)
        {
            return false;
        }

        id = match.Groups[1].Value;
        secret = match.Groups[2].Value;
        return true;
    }

    /// <summary>Name of the Secret holding token <paramref name="tokenId"/>.</summary>
    public static string SecretName(string tokenId) => SecretNamePrefix + tokenId;
}
