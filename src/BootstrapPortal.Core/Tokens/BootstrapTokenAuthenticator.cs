using System.Security.Cryptography;
using System.Text;
using k8s.Models;

namespace BootstrapPortal.Core.Tokens;

/// <summary>
/// The bootstrap token authenticator of kube-apiserver (<c>k/k plugin/pkg/auth/authenticator/token/bootstrap/bootstrap.go</c>, expiry per k8s.io/cluster-bootstrap <c>util/secrets/secrets.go</c>)
/// as a pure function: the presented bearer token, the Secret found for its id (or null) and the current time give a user or a reason.
/// The group <c>system:authenticated</c> is NOT added here; the API server's authenticated-group adder does that.
/// </summary>
public static class BootstrapTokenAuthenticator
{
    /// <summary>Authenticates <paramref name="presentedToken"/> against <paramref name="secret"/> (the Secret <c>kube-system/bootstrap-token-&lt;id&gt;</c>, null when absent).</summary>
    public static BootstrapTokenAuthenticationResult Authenticate(string? presentedToken, V1Secret? secret, DateTimeOffset now)
    {
        if (!BootstrapTokenFormat.TryParse(presentedToken, out var tokenId, out var tokenSecret))
        {
            return BootstrapTokenAuthenticationResult.Rejected("token does not match the bootstrap token format");
        }

        var secretName = BootstrapTokenFormat.SecretName(tokenId);
        if (secret is null)
        {
            return BootstrapTokenAuthenticationResult.Rejected($"secret \"{secretName}\" not found");
        }

        if (secret.Metadata?.DeletionTimestamp is not null)
        {
            return BootstrapTokenAuthenticationResult.Rejected($"secret \"{secretName}\" is deleted and awaiting removal");
        }

        if (!string.Equals(secret.Type, BootstrapTokenFormat.SecretType, StringComparison.Ordinal) || secret.Data is null)
        {
            return BootstrapTokenAuthenticationResult.Rejected(
                $"secret \"{secretName}\" has invalid type, expected {BootstrapTokenFormat.SecretType}");
        }

        var storedSecret = GetData(secret, BootstrapTokenFormat.TokenSecretKey);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(storedSecret), Encoding.UTF8.GetBytes(tokenSecret)))
        {
            return BootstrapTokenAuthenticationResult.Rejected("token secret does not match");
        }

        if (!string.Equals(GetData(secret, BootstrapTokenFormat.TokenIdKey), tokenId, StringComparison.Ordinal))
        {
            return BootstrapTokenAuthenticationResult.Rejected("token id does not match");
        }

        if (IsExpired(secret, now))
        {
            return BootstrapTokenAuthenticationResult.Rejected($"token \"{tokenId}\" has expired");
        }

        if (!string.Equals(GetData(secret, BootstrapTokenFormat.UsageAuthenticationKey), "true", StringComparison.Ordinal))
        {
            return BootstrapTokenAuthenticationResult.Rejected($"token \"{tokenId}\" is not usable for authentication");
        }

        var groups = new SortedSet<string>(StringComparer.Ordinal) { BootstrapTokenFormat.DefaultGroup };
        var extra = GetData(secret, BootstrapTokenFormat.ExtraGroupsKey);
        if (extra.Length > 0)
        {
            foreach (var group in extra.Split(','))
            {
                if (!BootstrapTokenFormat.GroupPattern().IsMatch(group))
                {
                    return BootstrapTokenAuthenticationResult.Rejected($"bootstrap group \"{group}\" is invalid");
                }

                groups.Add(group);
            }
        }

        return BootstrapTokenAuthenticationResult.Accepted(BootstrapTokenFormat.UserPrefix + tokenId, [.. groups]);
    }

    /// <summary>Expired per k8s.io/cluster-bootstrap <c>GetExpiration</c> (see <see cref="BootstrapTokenSecrets.IsExpired"/>).</summary>
    public static bool IsExpired(V1Secret secret, DateTimeOffset now) => BootstrapTokenSecrets.IsExpired(secret, now);

    /// <summary>Parses Go's <c>time.RFC3339</c> layout as <c>time.Parse</c> does (any fraction of a second, see <see cref="GoRfc3339"/>).</summary>
    public static bool TryParseRfc3339(string value, out DateTimeOffset result) => GoRfc3339.TryParse(value, out result);

    private static string GetData(V1Secret secret, string key) =>
        secret.Data is not null && secret.Data.TryGetValue(key, out var bytes) && bytes is not null
            ? Encoding.UTF8.GetString(bytes)
            : string.Empty;
}
