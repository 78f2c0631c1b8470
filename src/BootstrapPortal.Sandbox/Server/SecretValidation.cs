using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>
/// Secret and ConfigMap rules of k/k pkg/apis/core/validation/validation.go (<c>ValidateSecret</c>, <c>ValidateSecretUpdate</c>,
/// <c>ValidateConfigMapUpdate</c>): the keys each typed Secret needs, the 1 MiB limit, and <c>immutable: true</c>.
/// </summary>
internal static class SecretValidation
{
    private const int MaxSecretSize = 1024 * 1024;

    public static IEnumerable<FieldError> Validate(JsonObject secret)
    {
        var data = secret["data"] as JsonObject ?? new JsonObject();
        var type = secret["type"]?.GetValue<string>() ?? "Opaque";
        var total = 0L;
        foreach (var (_, value) in data)
        {
            total += value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? (v.GetValue<string>().Length * 3L / 4) : 0;
        }

        if (total > MaxSecretSize)
        {
            yield return new FieldError("FieldValueTooLong", "data", $"Too long: must have at most {MaxSecretSize} bytes");
        }

        switch (type)
        {
            case "kubernetes.io/service-account-token":
                if (string.IsNullOrEmpty(secret["metadata"]?["annotations"]?["kubernetes.io/service-account.name"]?.GetValue<string>()))
                {
                    yield return FieldError.Required("metadata.annotations[kubernetes.io/service-account.name]");
                }

                break;
            case "kubernetes.io/dockercfg":
                foreach (var error in RequireJson(data, ".dockercfg"))
                {
                    yield return error;
                }

                break;
            case "kubernetes.io/dockerconfigjson":
                foreach (var error in RequireJson(data, ".dockerconfigjson"))
                {
                    yield return error;
                }

                break;
            case "kubernetes.io/basic-auth":
                if (!data.ContainsKey("username") && !data.ContainsKey("password"))
                {
                    yield return FieldError.Required("data[username]", "at least one of username or password is required");
                }

                break;
            case "kubernetes.io/ssh-auth":
                if (!data.ContainsKey("ssh-privatekey") || Decoded(data["ssh-privatekey"]).Length == 0)
                {
                    yield return FieldError.Required("data[ssh-privatekey]");
                }

                break;
            case "kubernetes.io/tls":
                if (!data.ContainsKey("tls.crt"))
                {
                    yield return FieldError.Required("data[tls.crt]");
                }

                if (!data.ContainsKey("tls.key"))
                {
                    yield return FieldError.Required("data[tls.key]");
                }

                break;
        }
    }

    /// <summary>Once <c>immutable</c> is true it stays true and <c>data</c> (and a ConfigMap's <c>binaryData</c>) cannot change.</summary>
    public static IEnumerable<FieldError> ValidateImmutable(ResourceDefinition resource, JsonObject obj, JsonObject old)
    {
        if (old["immutable"] is not JsonValue wasImmutable || !wasImmutable.GetValue<bool>())
        {
            yield break;
        }

        if (obj["immutable"] is not JsonValue isImmutable || !isImmutable.GetValue<bool>())
        {
            yield return FieldError.Forbidden("immutable", "field is immutable when `immutable` is set");
        }

        if (!JsonNode.DeepEquals(obj["data"] ?? new JsonObject(), old["data"] ?? new JsonObject()))
        {
            yield return FieldError.Forbidden("data", "field is immutable when `immutable` is set");
        }

        if (resource == ResourceCatalog.ConfigMaps && !JsonNode.DeepEquals(obj["binaryData"] ?? new JsonObject(), old["binaryData"] ?? new JsonObject()))
        {
            yield return FieldError.Forbidden("binaryData", "field is immutable when `immutable` is set");
        }
    }

    private static IEnumerable<FieldError> RequireJson(JsonObject data, string key)
    {
        if (!data.ContainsKey(key))
        {
            yield return FieldError.Required($"data[{key}]");
            yield break;
        }

        var text = Decoded(data[key]);
        var valid = true;
        try
        {
            JsonDocument.Parse(text).Dispose();
        }
        catch (JsonException)
        {
            valid = false;
        }

        if (!valid)
        {
            yield return FieldError.Invalid($"data[{key}]", "\"<secret contents redacted>\"", "invalid JSON");
        }
    }

    private static string Decoded(JsonNode? value)
    {
        try
        {
            return value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? Encoding.UTF8.GetString(Convert.FromBase64String(v.GetValue<string>())) : string.Empty;
        }
        catch (FormatException)
        {
            return string.Empty;
        }
    }
}
