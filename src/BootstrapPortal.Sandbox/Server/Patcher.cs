using System.Text.Json;
using System.Text.Json.Nodes;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>
/// PATCH bodies: JSON Patch (RFC 6902), JSON Merge Patch (RFC 7386) and a faithful-enough strategic merge patch for the types
/// served here (conditions/addresses merge by <c>type</c>, taints by <c>key</c>, finalizers as a set, other lists replace,
/// <c>$patch: delete</c> and <c>$deleteFromPrimitiveList</c> honoured, other <c>$</c> directives dropped).
/// </summary>
internal static class Patcher
{
    public const string JsonPatch = "application/json-patch+json";
    public const string MergePatch = "application/merge-patch+json";
    public const string StrategicMergePatch = "application/strategic-merge-patch+json";
    public const string ApplyPatch = "application/apply-patch+yaml";

    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["conditions"] = "type",
        ["addresses"] = "type",
        ["taints"] = "key",
        ["ownerReferences"] = "uid",
        ["subjects"] = "name",
    };

    private static readonly HashSet<string> PrimitiveSetLists = new(StringComparer.Ordinal) { "finalizers" };

    public static JsonObject Apply(string contentType, JsonObject target, ReadOnlySpan<byte> body)
    {
        var mediaType = contentType.Split(';')[0].Trim().ToLowerInvariant();
        JsonNode? patch;
        try
        {
            patch = JsonNode.Parse(body);
        }
        catch (JsonException ex)
        {
            throw ApiException.BadRequest("error decoding patch: " + ex.Message);
        }

        switch (mediaType)
        {
            case JsonPatch:
                if (patch is not JsonArray operations)
                {
                    throw ApiException.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
                }

                return ApplyJsonPatch(target, operations);
            case MergePatch:
                return (JsonObject)(Merge(target, patch, strategic: false, fieldName: null) ?? new JsonObject());
            case StrategicMergePatch:
                return (JsonObject)(Merge(target, patch, strategic: true, fieldName: null) ?? new JsonObject());
            default:
                throw ApiException.UnsupportedMediaType(contentType);
        }
    }

    private static JsonNode? Merge(JsonNode? target, JsonNode? patch, bool strategic, string? fieldName)
    {
        if (patch is not JsonObject patchObject)
        {
            if (strategic && patch is JsonArray patchArray && target is JsonArray targetArray && fieldName is not null)
            {
                return MergeList(targetArray, patchArray, fieldName);
            }

            return patch?.DeepClone();
        }

        if (strategic && patchObject["$patch"]?.GetValue<string>() == "replace")
        {
            var replacement = (JsonObject)patchObject.DeepClone();
            replacement.Remove("$patch");
            return replacement;
        }

        var result = target as JsonObject is { } targetObject ? (JsonObject)targetObject.DeepClone() : new JsonObject();
        foreach (var (name, value) in patchObject)
        {
            if (strategic && name.StartsWith('$'))
            {
                if (name.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal) && value is JsonArray toDelete)
                {
                    var listName = name["$deleteFromPrimitiveList/".Length..];
                    if (result[listName] is JsonArray list)
                    {
                        var remove = toDelete.Select(v => v?.ToJsonString()).ToHashSet();
                        result[listName] = new JsonArray([.. list.Where(i => !remove.Contains(i?.ToJsonString())).Select(i => i?.DeepClone())]);
                    }
                }

                continue;
            }

            if (value is null || (strategic && value is JsonObject o && o["$patch"]?.GetValue<string>() == "delete"))
            {
                result.Remove(name);
                continue;
            }

            result[name] = Merge(result[name], value, strategic, name);
        }

        return result;
    }

    private static JsonArray MergeList(JsonArray target, JsonArray patch, string fieldName)
    {
        if (PrimitiveSetLists.Contains(fieldName))
        {
            var merged = target.Select(t => t?.DeepClone()).ToList();
            foreach (var item in patch)
            {
                if (!merged.Any(m => JsonNode.DeepEquals(m, item)))
                {
                    merged.Add(item?.DeepClone());
                }
            }

            return new JsonArray([.. merged]);
        }

        if (!MergeKeys.TryGetValue(fieldName, out var key) || patch.Any(p => p is not JsonObject))
        {
            return new JsonArray([.. patch.Select(p => p?.DeepClone())]);
        }

        var result = target.Select(t => t?.DeepClone()).ToList();
        foreach (var item in patch.OfType<JsonObject>())
        {
            var keyValue = item[key]?.ToJsonString();
            var index = result.FindIndex(r => r?[key]?.ToJsonString() == keyValue);
            if (item["$patch"]?.GetValue<string>() == "delete")
            {
                if (index >= 0)
                {
                    result.RemoveAt(index);
                }

                continue;
            }

            if (index >= 0)
            {
                result[index] = Merge(result[index], item, strategic: true, fieldName: null);
            }
            else
            {
                result.Add(Merge(null, item, strategic: true, fieldName: null));
            }
        }

        return new JsonArray([.. result]);
    }

    private static JsonObject ApplyJsonPatch(JsonObject target, JsonArray operations)
    {
        JsonNode document = target.DeepClone();
        foreach (var operation in operations.OfType<JsonObject>())
        {
            var op = operation["op"]?.GetValue<string>() ?? string.Empty;
            var path = operation["path"]?.GetValue<string>() ?? string.Empty;
            switch (op)
            {
                case "add":
                    Add(document, path, operation["value"]?.DeepClone(), replace: false);
                    break;
                case "replace":
                    Get(document, path);
                    Add(document, path, operation["value"]?.DeepClone(), replace: true);
                    break;
                case "remove":
                    Remove(document, path);
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(document, path), operation["value"]))
                    {
                        throw ApiException.PatchNotApplicable();
                    }

                    break;
                case "move":
                    var from = operation["from"]?.GetValue<string>() ?? string.Empty;
                    var moved = Get(document, from)?.DeepClone();
                    Remove(document, from);
                    Add(document, path, moved, replace: false);
                    break;
                case "copy":
                    var copied = Get(document, operation["from"]?.GetValue<string>() ?? string.Empty)?.DeepClone();
                    Add(document, path, copied, replace: false);
                    break;
                default:
                    throw ApiException.BadRequest($"Unexpected kind: {op}");
            }
        }

        return document as JsonObject ?? throw ApiException.BadRequest("json patch produced a non-object");
    }

    private static string[] Tokens(string path) =>
        path.Length == 0 ? [] : [.. path[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];

    private static JsonNode? Get(JsonNode root, string path)
    {
        JsonNode? current = root;
        foreach (var token in Tokens(path))
        {
            current = current switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out var v) => v,
                JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
                _ => throw MissingPath(path),
            };
        }

        return current;
    }

    private static (JsonNode Parent, string Last) Parent(JsonNode root, string path)
    {
        var tokens = Tokens(path);
        if (tokens.Length == 0)
        {
            throw MissingPath(path);
        }

        var parentPath = "/" + string.Join('/', tokens[..^1].Select(t => t.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)));
        var parent = tokens.Length == 1 ? root : Get(root, parentPath) ?? throw MissingPath(path);
        return (parent, tokens[^1]);
    }

    private static void Add(JsonNode root, string path, JsonNode? value, bool replace)
    {
        var (parent, last) = Parent(root, path);
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i <= a.Count:
                if (replace)
                {
                    a[i] = value;
                }
                else
                {
                    a.Insert(i, value);
                }

                break;
            default:
                throw MissingPath(path);
        }
    }

    private static void Remove(JsonNode root, string path)
    {
        var (parent, last) = Parent(root, path);
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last):
                o.Remove(last);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i < a.Count:
                a.RemoveAt(i);
                break;
            default:
                throw MissingPath(path);
        }
    }

    private static ApiException MissingPath(string path)
    {
        _ = path;
        return ApiException.PatchNotApplicable();
    }
}
