using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>
/// List continue tokens as the etcd3 store makes them (k8s.io/apiserver pkg/storage/continue.go): unpadded URL-safe base64 of
/// <c>{"v":"meta.k8s.io/v1","rv":N,"start":"key\u0000"}</c>. A token that does not decode is a 400 BadRequest; one whose
/// snapshot was compacted away is a 410 Expired (the caller's concern).
/// </summary>
internal static class ContinueToken
{
    public const string ExpiredMessage = "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.";

    public static string Encode(long resourceVersion, string lastKey)
    {
        var json = new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = resourceVersion, ["start"] = lastKey + "\u0000" }.ToJsonString();
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Decodes a token or throws 400 <c>invalid continue token: continue key is not valid: …</c>.</summary>
    public static (long ResourceVersion, string StartAfterKey) Decode(string token)
    {
        byte[] bytes;
        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            if (token.Contains('=', StringComparison.Ordinal) || token.Contains('+', StringComparison.Ordinal) || token.Contains('/', StringComparison.Ordinal))
            {
                throw new FormatException();
            }

            padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", 0 => string.Empty, _ => throw new FormatException() };
            bytes = Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            throw Invalid("illegal base64 data");
        }

        JsonObject json;
        try
        {
            json = JsonNode.Parse(bytes) as JsonObject ?? throw Invalid("not a JSON object");
        }
        catch (JsonException)
        {
            throw Invalid("invalid character looking for beginning of value");
        }

        var version = json["v"] is JsonValue v && v.TryGetValue<string>(out var text) ? text : string.Empty;
        if (version != "meta.k8s.io/v1")
        {
            throw Invalid($"server does not recognize this encoding ({version})");
        }

        if (json["rv"] is not JsonValue rvValue || !rvValue.TryGetValue<long>(out var rv) || rv <= 0)
        {
            throw Invalid($"incorrect encoded start resourceVersion (version {version})");
        }

        var start = json["start"] is JsonValue s && s.TryGetValue<string>(out var startText) ? startText : string.Empty;
        if (start.Length == 0)
        {
            throw Invalid($"encoded start key is empty (version {version})");
        }

        return (rv, start.TrimEnd('\u0000'));
    }

    private static ApiException Invalid(string reason) => ApiException.BadRequest("invalid continue token: continue key is not valid: " + reason);
}
