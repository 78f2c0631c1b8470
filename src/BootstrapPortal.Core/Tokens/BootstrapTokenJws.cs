using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace BootstrapPortal.Core.Tokens;

/// <summary>
/// Detached JWS (HS256) used by the bootstrapsigner controller for the <c>jws-kubeconfig-&lt;token-id&gt;</c> keys of the
/// <c>kube-public/cluster-info</c> ConfigMap, exactly as k8s.io/cluster-bootstrap <c>token/jws/jws.go</c> computes it and as
/// <c>kubeadm join</c> verifies it: header <c>{"alg":"HS256","kid":"&lt;id&gt;"}</c>, payload = the kubeconfig bytes,
/// HMAC key = the token secret only (not <c>id.secret</c>), stored as <c>header..signature</c>.
/// </summary>
public static class BootstrapTokenJws
{
    /// <summary>Prefix of the ConfigMap keys holding the signatures.</summary>
    public const string ConfigMapSignatureKeyPrefix = "jws-kubeconfig-";

    /// <summary>Computes the detached signature of <paramref name="content"/> for a token.</summary>
    public static string ComputeDetachedSignature(string content, string tokenId, string tokenSecret)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(tokenId);
        ArgumentNullException.ThrowIfNull(tokenSecret);

        var header = Base64UrlEncode(BuildHeader(tokenId));
        var payload = Base64UrlEncode(Encoding.UTF8.GetBytes(content));
        var signingInput = Encoding.ASCII.GetBytes(header + "." + payload);
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(tokenSecret), signingInput);
        return header + ".." + Base64UrlEncode(signature);
    }

    /// <summary>Whether <paramref name="detachedSignature"/> is the valid signature of <paramref name="content"/> for the token.</summary>
    public static bool IsValid(string detachedSignature, string content, string tokenId, string tokenSecret)
    {
        ArgumentNullException.ThrowIfNull(detachedSignature);
        var expected = ComputeDetachedSignature(content, tokenId, tokenSecret);
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(detachedSignature));
    }

    private static byte[] BuildHeader(string tokenId)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("alg", "HS256");
            writer.WriteString("kid", tokenId);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static string Base64UrlEncode(byte[] data) =>
        Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
