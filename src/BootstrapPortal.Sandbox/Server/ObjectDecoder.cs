using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>
/// Decodes request bodies through the typed k8s models: the round trip drops unknown fields (like the real decoder) and tells
/// which fields were unknown, for <c>fieldValidation=Strict|Warn|Ignore</c>.
/// </summary>
internal sealed class ObjectDecoder
{
    private readonly Dictionary<Type, Func<JsonNode, object?>> deserializers = [];

    public ObjectDecoder()
    {
        var generic = typeof(KubernetesJson).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Single(m => m.Name == nameof(KubernetesJson.Deserialize) && m.IsGenericMethodDefinition
                && m.GetParameters()[0].ParameterType == typeof(JsonNode));
        foreach (var resource in ResourceCatalog.All)
        {
            var method = generic.MakeGenericMethod(resource.ModelType);
            deserializers[resource.ModelType] = node => method.Invoke(null, [node, null]);
        }
    }

    /// <summary>Parses a JSON body into an object node or throws 400; duplicate fields keep the last value (like Go's decoder).</summary>
    public static JsonObject ParseBody(ReadOnlySpan<byte> body, ResourceDefinition resource) => ParseBody(body, resource, out _);

    /// <summary>Parses a JSON body, reporting duplicate fields (<c>duplicate field "a.b"</c>) for field validation.</summary>
    public static JsonObject ParseBody(ReadOnlySpan<byte> body, ResourceDefinition resource, out IReadOnlyList<string> duplicates)
    {
        duplicates = [];
        try
        {
            var node = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
            if (node is JsonObject obj)
            {
                return obj;
            }
        }
        catch (JsonException)
        {
            var found = new List<string>();
            if (TolerantJson.TryParse(body, found) is JsonObject tolerant)
            {
                duplicates = found;
                return tolerant;
            }

            throw ApiException.BadRequest($"the object provided is unrecognized (must be of type {resource.Kind}): couldn't get version/kind; json parse error: invalid JSON");
        }

        throw ApiException.BadRequest($"the object provided is unrecognized (must be of type {resource.Kind}): couldn't get version/kind; json parse error: not an object");
    }

    /// <summary>An <c>application/yaml</c> body as JSON, decoded through the resource's model (as kube-apiserver's YAML serializer does).</summary>
    public static byte[] YamlToJson(byte[] body, ResourceDefinition resource)
    {
        try
        {
            var method = typeof(KubernetesYaml).GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Single(m => m.Name == nameof(KubernetesYaml.Deserialize) && m.IsGenericMethodDefinition && m.GetParameters().Length == 2
                    && m.GetParameters()[0].ParameterType == typeof(string))
                .MakeGenericMethod(resource.ModelType);
            var typed = method.Invoke(null, [System.Text.Encoding.UTF8.GetString(body), false]);
            return System.Text.Encoding.UTF8.GetBytes(KubernetesJson.Serialize(typed!));
        }
        catch (TargetInvocationException ex)
        {
            throw ApiException.BadRequest($"the object provided is unrecognized (must be of type {resource.Kind}): {ex.InnerException?.Message}");
        }
    }

    /// <summary>Round-trips <paramref name="input"/> through the model type; returns the normalised object and the unknown field paths.</summary>
    public (JsonObject Normalized, IReadOnlyList<string> UnknownFields) Normalize(ResourceDefinition resource, JsonObject input)
    {
        object? typed;
        try
        {
            typed = deserializers[resource.ModelType](input);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is JsonException or FormatException or InvalidOperationException)
        {
            throw ApiException.BadRequest($"{resource.Kind} in version \"{resource.Version}\" cannot be handled as a {resource.Kind}: {ex.InnerException.Message}");
        }

        var normalized = JsonNode.Parse(KubernetesJson.Serialize(typed!))!.AsObject();
        var unknown = new List<string>();
        CollectUnknown(input, normalized, string.Empty, unknown);
        WireNormalizer.Normalize(normalized);
        return (normalized, unknown);
    }

    private static void CollectUnknown(JsonNode? input, JsonNode? known, string path, List<string> unknown)
    {
        switch (input)
        {
            case JsonObject inputObject:
                var knownObject = known as JsonObject;
                foreach (var (name, value) in inputObject)
                {
                    if (value is null)
                    {
                        continue;
                    }

                    var childPath = path.Length == 0 ? name : path + "." + name;
                    if (knownObject is null || !knownObject.TryGetPropertyValue(name, out var knownValue))
                    {
                        if (!IsEmpty(value))
                        {
                            unknown.Add(childPath);
                        }

                        continue;
                    }

                    CollectUnknown(value, knownValue, childPath, unknown);
                }

                break;
            case JsonArray inputArray when known is JsonArray knownArray:
                for (var i = 0; i < inputArray.Count && i < knownArray.Count; i++)
                {
                    CollectUnknown(inputArray[i], knownArray[i], $"{path}[{i}]", unknown);
                }

                break;
        }
    }

    private static bool IsEmpty(JsonNode value) => value is JsonObject { Count: 0 } || value is JsonArray { Count: 0 };
}
