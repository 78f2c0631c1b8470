using System.Text.Json;
using System.Text.Json.Nodes;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>
/// events.k8s.io/v1 Events are core v1 Events in storage, converted field by field (k/k pkg/apis/events/v1/conversion.go):
/// <c>regarding</c>↔<c>involvedObject</c>, <c>note</c>↔<c>message</c>, <c>reportingController</c>↔<c>reportingComponent</c>,
/// <c>deprecatedSource</c>↔<c>source</c>, <c>deprecatedFirstTimestamp</c>/<c>deprecatedLastTimestamp</c>/<c>deprecatedCount</c>↔
/// <c>firstTimestamp</c>/<c>lastTimestamp</c>/<c>count</c>; <c>eventTime</c>, <c>series</c>, <c>action</c>, <c>related</c>,
/// <c>reportingInstance</c>, <c>reason</c> and <c>type</c> keep their names.
/// </summary>
internal static class EventConversion
{
    /// <summary>events.k8s.io/v1 name → core v1 name of every renamed field.</summary>
    private static readonly (string Events, string Core)[] Renamed =
    [
        ("regarding", "involvedObject"),
        ("note", "message"),
        ("reportingController", "reportingComponent"),
        ("deprecatedSource", "source"),
        ("deprecatedFirstTimestamp", "firstTimestamp"),
        ("deprecatedLastTimestamp", "lastTimestamp"),
        ("deprecatedCount", "count"),
    ];

    private static readonly string[] Kept = ["metadata", "eventTime", "series", "action", "related", "reportingInstance", "reason", "type"];

    /// <summary>
    /// The events.k8s.io field selectors and the core fields they select (k/k pkg/apis/events/v1/conversion.go
    /// AddFieldLabelConversionsForEvent).
    /// </summary>
    public static readonly IReadOnlyList<string> FieldLabels =
    [
        "reason", "regarding.kind", "regarding.namespace", "regarding.name", "regarding.uid", "regarding.apiVersion",
        "regarding.resourceVersion", "regarding.fieldPath", "reportingController", "type",
    ];

    public static JsonObject ToCore(JsonObject events) => Convert(events, toCore: true, ResourceCatalog.Events.GroupVersion);

    public static JsonObject ToEvents(JsonObject core) => Convert(core, toCore: false, ResourceCatalog.EventsV1.GroupVersion);

    public static JsonElement ToEvents(JsonElement core) =>
        JsonSerializer.SerializeToElement(ToEvents(JsonNode.Parse(core.GetRawText())!.AsObject()), SandboxJson.Options);

    public static JsonElement ToCore(JsonElement events) =>
        JsonSerializer.SerializeToElement(ToCore(JsonNode.Parse(events.GetRawText())!.AsObject()), SandboxJson.Options);

    private static JsonObject Convert(JsonObject source, bool toCore, string apiVersion)
    {
        var result = new JsonObject { ["kind"] = "Event", ["apiVersion"] = apiVersion };
        foreach (var field in Kept)
        {
            if (source[field] is { } value)
            {
                result[field] = value.DeepClone();
            }
        }

        foreach (var (events, core) in Renamed)
        {
            var (from, to) = toCore ? (events, core) : (core, events);
            if (source[from] is { } value)
            {
                result[to] = value.DeepClone();
            }
        }

        return result;
    }
}
