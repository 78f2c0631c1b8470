using System.Text.Json;
using System.Text.Json.Nodes;
using BootstrapPortal.Sandbox.Server;

namespace BootstrapPortal.Sandbox.Storage;

/// <summary>An immutable stored object: its JSON (with metadata.resourceVersion filled) and identity.</summary>
internal sealed record StoredObject(ResourceDefinition Resource, string? Namespace, string Name, long ResourceVersion, JsonElement Json)
{
    public string Key => (Namespace ?? string.Empty) + "/" + Name;

    public JsonObject ToNode() => JsonNode.Parse(Json.GetRawText())!.AsObject();

    public string? Uid => Json.TryGetProperty("metadata", out var m) && m.TryGetProperty("uid", out var u) ? u.GetString() : null;

    public JsonElement? Metadata(string property) =>
        Json.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object && m.TryGetProperty(property, out var v) ? v : null;
}
