using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using k8s.Models;

namespace BootstrapPortal.Sandbox.Controllers;

/// <summary>Reading bootstrap-token Secrets as the KCM bootstrap controllers do (k8s.io/cluster-bootstrap util/secrets).</summary>
internal static partial class BootstrapTokenSecrets
{
    public const string Namespace = "kube-system";
    public const string SecretType = "bootstrap.kubernetes.io/token";
    public const string TypeFieldSelector = "type=" + SecretType;
    public const string NamePrefix = "bootstrap-token-";

    public static string? GetData(V1Secret secret, string key) =>
        secret.Data is not null && secret.Data.TryGetValue(key, out var value) && value is not null
            ? Encoding.UTF8.GetString(value)
            : null;

    /// <summary>
    /// <c>GetExpiration</c>: absent/empty → never expires (null); unparseable as Go RFC 3339 → expired (MinValue);
    /// otherwise the expiry time.
    /// </summary>
    public static DateTimeOffset? GetExpiration(V1Secret secret)
    {
        var text = GetData(secret, "expiration");
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!Rfc3339().IsMatch(text) ||
            !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expiration))
        {
            return DateTimeOffset.MinValue;
        }

        return expiration;
    }

    public static bool IsExpired(V1Secret secret, DateTimeOffset now) => GetExpiration(secret) is { } expiry && expiry <= now;

    /// <summary>The token id of a Secret usable for signing (<c>validateSecretForSigning</c>), or null.</summary>
    public static (string Id, string Secret)? GetSigningToken(V1Secret secret, DateTimeOffset now)
    {
        var match = SecretName().Match(secret.Metadata?.Name ?? string.Empty);
        if (!match.Success)
        {
            return null;
        }

        var id = GetData(secret, "token-id");
        var tokenSecret = GetData(secret, "token-secret");
        if (id != match.Groups[1].Value || string.IsNullOrEmpty(tokenSecret))
        {
            return null;
        }

        if (IsExpired(secret, now) || GetData(secret, "usage-bootstrap-signing") != "true")
        {
            return null;
        }

        return (id, tokenSecret);
    }

    [GeneratedRegex(@"\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();

    [GeneratedRegex(@"\Abootstrap-token-([a-z0-9]{6})\z", RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();
}
