using System.Text.Json;
using System.Text.Json.Nodes;

namespace BootstrapPortal.Sandbox.Server.FieldManagement;

/// <summary>One <c>metadata.managedFields</c> entry (k8s.io/apimachinery pkg/apis/meta/v1 ManagedFieldsEntry).</summary>
internal sealed record ManagedFieldsEntry(string Manager, string Operation, string ApiVersion, string? Time, string? Subresource, FieldSet Fields)
{
    public const string Apply = "Apply";
    public const string Update = "Update";

    /// <summary>Entries are told apart by manager, operation and subresource (the API version is the one served).</summary>
    public bool SameOwner(ManagedFieldsEntry other) =>
        Manager == other.Manager && Operation == other.Operation && (Subresource ?? string.Empty) == (other.Subresource ?? string.Empty);

    /// <summary>How conflicts name the manager (k8s.io/apiserver pkg/endpoints/handlers/fieldmanager internal/conflict.go printManager).</summary>
    public string Describe()
    {
        var text = FieldError.Quote(Manager);
        if (!string.IsNullOrEmpty(Subresource))
        {
            text += " with subresource " + FieldError.Quote(Subresource);
        }

        if (Operation == Update)
        {
            text += " using " + ApiVersion + (Time is null ? string.Empty : " at " + Time);
        }

        return text;
    }

    public JsonObject ToJson()
    {
        var entry = new JsonObject
        {
            ["manager"] = Manager,
            ["operation"] = Operation,
            ["apiVersion"] = ApiVersion,
        };
        if (Time is not null)
        {
            entry["time"] = Time;
        }

        entry["fieldsType"] = "FieldsV1";
        entry["fieldsV1"] = Fields.ToFieldsV1();
        if (!string.IsNullOrEmpty(Subresource))
        {
            entry["subresource"] = Subresource;
        }

        return entry;
    }

    /// <summary>The entries of an object's metadata; entries that cannot be read are dropped.</summary>
    public static List<ManagedFieldsEntry> Read(JsonObject obj)
    {
        var result = new List<ManagedFieldsEntry>();
        if (obj["metadata"]?["managedFields"] is not JsonArray entries)
        {
            return result;
        }

        static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        foreach (var entry in entries.OfType<JsonObject>())
        {
            if (Text(entry["manager"]) is not { } manager || Text(entry["operation"]) is not { } operation)
            {
                continue;
            }

            result.Add(new ManagedFieldsEntry(manager, operation, Text(entry["apiVersion"]) ?? string.Empty, Text(entry["time"]),
                Text(entry["subresource"]), FieldSet.FromFieldsV1(entry["fieldsV1"])));
        }

        return result;
    }

    /// <summary>
    /// The stored order (internal/managedfields.go sortEncodedManagedFields): Apply before Update, then by time, manager and
    /// API version.
    /// </summary>
    public static JsonArray Write(IEnumerable<ManagedFieldsEntry> entries) =>
        new([.. entries.Where(e => !e.Fields.IsEmpty)
            .OrderBy(e => e.Operation, StringComparer.Ordinal)
            .ThenBy(e => e.Time ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(e => e.Manager, StringComparer.Ordinal)
            .ThenBy(e => e.ApiVersion, StringComparer.Ordinal)
            .Select(e => (JsonNode)e.ToJson())]);
}
