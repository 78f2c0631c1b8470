using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BootstrapPortal.Sandbox.Server;
using BootstrapPortal.Sandbox.Storage;

namespace BootstrapPortal.Sandbox.Auth;

/// <summary>
/// Bound ServiceAccount tokens as kube-apiserver issues and checks them (k/k pkg/serviceaccount/jwt.go, claims.go): ES256 JWTs from
/// the TokenRequest subresource with issuer and default audience <c>https://kubernetes.default.svc.cluster.local</c>, the
/// <c>kubernetes.io</c> private claim naming the namespace and ServiceAccount (name and uid), and a <c>jti</c>. A token
/// authenticates while it is unexpired and its ServiceAccount still exists with the same uid; the user is
/// <c>system:serviceaccount:&lt;ns&gt;:&lt;name&gt;</c> in <c>system:serviceaccounts</c> and <c>system:serviceaccounts:&lt;ns&gt;</c>,
/// with the token's <c>authentication.kubernetes.io/credential-id</c> (<c>JTI=…</c>).
/// </summary>
internal sealed class ServiceAccountTokens : IDisposable
{
    public const string Issuer = "https://kubernetes.default.svc.cluster.local";
    private const string CredentialIdKey = "authentication.kubernetes.io/credential-id";
    private readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ObjectStore store;
    private readonly TimeProvider timeProvider;

    public ServiceAccountTokens(ObjectStore store, TimeProvider timeProvider)
    {
        this.store = store;
        this.timeProvider = timeProvider;
        KeyId = Base64Url(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
    }

    public string KeyId { get; }

    /// <summary>Issues a token; returns it and its expiry.</summary>
    public (string Token, DateTimeOffset Expires) Issue(string ns, string name, string uid, IReadOnlyList<string> audiences, long expirationSeconds)
    {
        var now = timeProvider.GetUtcNow();
        var expires = now.AddSeconds(expirationSeconds);
        var header = new JsonObject { ["alg"] = "ES256", ["kid"] = KeyId };
        var claims = new JsonObject
        {
            ["aud"] = new JsonArray([.. audiences.Select(a => (JsonNode)JsonValue.Create(a))]),
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["iss"] = Issuer,
            ["jti"] = Guid.NewGuid().ToString(),
            ["kubernetes.io"] = new JsonObject
            {
                ["namespace"] = ns,
                ["serviceaccount"] = new JsonObject { ["name"] = name, ["uid"] = uid },
            },
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["sub"] = "system:serviceaccount:" + ns + ":" + name,
        };
        var signingInput = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return (signingInput + "." + Base64Url(signature), expires);
    }

    /// <summary>The user a token stands for, or null (bad signature, issuer, audience, expiry, or a deleted/replaced ServiceAccount).</summary>
    public SandboxUser? Authenticate(string token, IReadOnlyList<string>? audiences = null)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        JsonObject claims;
        try
        {
            var header = JsonNode.Parse(FromBase64Url(parts[0])) as JsonObject;
            if (header?["alg"]?.GetValue<string>() != "ES256" || header["kid"]?.GetValue<string>() != KeyId
                || !key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), FromBase64Url(parts[2]), HashAlgorithmName.SHA256))
            {
                return null;
            }

            claims = JsonNode.Parse(FromBase64Url(parts[1])) as JsonObject ?? throw new FormatException();
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException or CryptographicException)
        {
            return null;
        }

        var now = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var wanted = audiences is { Count: > 0 } ? audiences : [Issuer];
        var tokenAudiences = (claims["aud"] as JsonArray)?.Select(a => a?.GetValue<string>()).ToList() ?? [];
        if (claims["iss"]?.GetValue<string>() != Issuer || !tokenAudiences.Any(a => wanted.Contains(a!))
            || claims["exp"]?.GetValue<long>() is not { } exp || exp <= now || claims["nbf"]?.GetValue<long>() is { } nbf && nbf > now + 60)
        {
            return null;
        }

        var ns = claims["kubernetes.io"]?["namespace"]?.GetValue<string>() ?? string.Empty;
        var name = claims["kubernetes.io"]?["serviceaccount"]?["name"]?.GetValue<string>() ?? string.Empty;
        var uid = claims["kubernetes.io"]?["serviceaccount"]?["uid"]?.GetValue<string>() ?? string.Empty;
        var account = store.Get(ResourceCatalog.ServiceAccounts, ns, name);
        if (account is null || account.Uid != uid || account.Metadata("deletionTimestamp") is { ValueKind: JsonValueKind.String })
        {
            return null;
        }

        var userName = "system:serviceaccount:" + ns + ":" + name;
        var extra = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal) { [CredentialIdKey] = ["JTI=" + claims["jti"]?.GetValue<string>()] };
        return new SandboxUser(userName, uid, SandboxUser.WithAuthenticatedGroup(userName, ["system:serviceaccounts", "system:serviceaccounts:" + ns]), extra);
    }

    /// <summary><c>/.well-known/openid-configuration</c> (k/k pkg/serviceaccount/openidmetadata.go).</summary>
    public static JsonObject OpenIdConfiguration(Uri server) => new()
    {
        ["issuer"] = Issuer,
        ["jwks_uri"] = new Uri(server, "/openid/v1/jwks").ToString(),
        ["response_types_supported"] = new JsonArray("id_token"),
        ["subject_types_supported"] = new JsonArray("public"),
        ["id_token_signing_alg_values_supported"] = new JsonArray("ES256"),
    };

    /// <summary><c>/openid/v1/jwks</c>: the public signing key.</summary>
    public JsonObject Jwks()
    {
        var parameters = key.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["use"] = "sig",
                ["kty"] = "EC",
                ["kid"] = KeyId,
                ["crv"] = "P-256",
                ["alg"] = "ES256",
                ["x"] = Base64Url(parameters.Q.X!),
                ["y"] = Base64Url(parameters.Q.Y!),
            }),
        };
    }

    public void Dispose() => key.Dispose();

    private static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", _ => string.Empty };
        return Convert.FromBase64String(padded);
    }
}
