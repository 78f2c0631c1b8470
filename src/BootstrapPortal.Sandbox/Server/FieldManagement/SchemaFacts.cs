using System.Text.Json.Nodes;

namespace BootstrapPortal.Sandbox.Server.FieldManagement;

/// <summary>
/// The facts of upstream's OpenAPI that the client models do not carry: <c>required</c> lists, enums, defaults and the
/// <c>x-kubernetes-list-type</c>/<c>list-map-keys</c>/<c>map-type</c>/<c>patch-strategy</c>/<c>patch-merge-key</c> extensions of the
/// served kinds, keyed by schema name (the embedded <c>schema-facts.json</c>, derived from kubernetes/kubernetes
/// api/openapi-spec/v3).
/// </summary>
internal static class SchemaFacts
{
    private static readonly Lazy<JsonObject> Types = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The facts of one schema (<c>required</c>, <c>x-kubernetes-map-type</c>, <c>properties</c>), or null.</summary>
    public static JsonObject? Type(string schemaName) => Types.Value[schemaName] as JsonObject;

    /// <summary>The facts of one property of a schema, or null.</summary>
    public static JsonObject? Property(string schemaName, string property) => Type(schemaName)?["properties"]?[property] as JsonObject;

    private static JsonObject Load()
    {
        using var stream = typeof(SchemaFacts).Assembly.GetManifestResourceStream("BootstrapPortal.Sandbox.schema-facts.json")
            ?? throw new InvalidOperationException("The embedded schema-facts.json is missing.");
        return JsonNode.Parse(stream)?["types"] as JsonObject ?? throw new InvalidOperationException("schema-facts.json has no types.");
    }
}
