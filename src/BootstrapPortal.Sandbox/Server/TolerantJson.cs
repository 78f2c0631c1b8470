using System.Text.Json;
using System.Text.Json.Nodes;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>
/// A JSON reader that accepts duplicate object keys (the last one wins, as Go's encoding/json does) and reports each duplicate
/// path, so that <c>fieldValidation=Strict</c> can refuse them and <c>Warn</c> can warn (sigs.k8s.io/json strict decoding).
/// </summary>
internal static class TolerantJson
{
    public static JsonNode? TryParse(ReadOnlySpan<byte> body, List<string> duplicates)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read())
            {
                return null;
            }

            var node = Read(ref reader, string.Empty, duplicates);
            return reader.Read() ? null : node;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonNode? Read(ref Utf8JsonReader reader, string path, List<string> duplicates)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var obj = new JsonObject();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    var childPath = path.Length == 0 ? name : path + "." + name;
                    var value = Read(ref reader, childPath, duplicates);
                    if (obj.ContainsKey(name))
                    {
                        duplicates.Add(childPath);
                        obj.Remove(name);
                    }

                    obj[name] = value;
                }

                return obj;
            case JsonTokenType.StartArray:
                var array = new JsonArray();
                var index = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    array.Add(Read(ref reader, $"{path}[{index++}]", duplicates));
                }

                return array;
            case JsonTokenType.String:
                return JsonValue.Create(reader.GetString());
            case JsonTokenType.Number:
                return reader.TryGetInt64(out var l) ? JsonValue.Create(l) : JsonValue.Create(reader.GetDouble());
            case JsonTokenType.True:
                return JsonValue.Create(true);
            case JsonTokenType.False:
                return JsonValue.Create(false);
            case JsonTokenType.Null:
                return null;
            default:
                throw new JsonException("unexpected token");
        }
    }
}
