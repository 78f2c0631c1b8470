using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>List continue tokens: base64 of <c>{"v":"meta.k8s.io/v1","rv":N,"start":"key\u0000"}</c> like the etcd3 store.</summary>
internal static class ContinueToken
{
    public const string ExpiredMessage = "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.";

    public static string Encode(long resourceVersion, string lastKey)
    {
        var json = new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = resourceVersion, ["start"] = lastKey + "\u0000" }.ToJsonString();
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Decodes a token; anything undecodable is reported as expired (410), like a compacted one.</summary>
    public static (long ResourceVersion, string StartAfterKey) Decode(string token)
    {
        try
        {
            var json = JsonNode.Parse(Convert.FromBase64String(token))!.AsObject();
            if (json["v"]?.GetValue<string>() != "meta.k8s.io/v1")
            {
                throw ApiException.Expired(ExpiredMessage);
            }

            var rv = json["rv"]!.GetValue<long>();
            var start = json["start"]!.GetValue<string>();
            return (rv, start.TrimEnd('\u0000'));
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException or NullReferenceException)
        {
            throw ApiException.Expired(ExpiredMessage);
        }
    }
}
