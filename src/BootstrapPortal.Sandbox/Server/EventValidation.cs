using System.Text.Json;
using System.Text.Json.Nodes;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>
/// Event validation (k/k pkg/apis/core/validation/events.go) on the core form: the legacy rules for every Event, and the
/// stricter rules of events.k8s.io/v1 for events created or changed through that API (eventTime, reportingController,
/// reportingInstance, action and reason required, Normal/Warning only, the deprecated fields unset, series of two or more).
/// </summary>
internal static class EventValidation
{
    private const int ReportingInstanceLengthLimit = 128;
    private const int ActionLengthLimit = 128;
    private const int ReasonLengthLimit = 128;
    private const int NoteLengthLimit = 1024;

    public static IReadOnlyList<FieldError> Validate(JsonObject core, JsonObject? oldCore, bool eventsApi)
    {
        var errors = Legacy(core, eventsApi);
        if (!eventsApi)
        {
            return errors;
        }

        if (oldCore is null)
        {
            ValidateSeries(core, errors);
            if (Text(core, "eventTime").Length == 0)
            {
                errors.Add(FieldError.Required("eventTime"));
            }

            var type = Text(core, "type");
            if (type is not ("Normal" or "Warning"))
            {
                errors.Add(FieldError.Invalid("type", "\"\"", "has invalid value: " + type));
            }

            if (Text(core, "firstTimestamp").Length > 0)
            {
                errors.Add(FieldError.Invalid("deprecatedFirstTimestamp", "\"\"", "needs to be unset"));
            }

            if (Text(core, "lastTimestamp").Length > 0)
            {
                errors.Add(FieldError.Invalid("deprecatedLastTimestamp", "\"\"", "needs to be unset"));
            }

            if (core["count"] is JsonValue count && count.TryGetValue<long>(out var c) && c != 0)
            {
                errors.Add(FieldError.Invalid("deprecatedCount", "\"\"", "needs to be unset"));
            }

            if (Text(core["source"], "component").Length > 0 || Text(core["source"], "host").Length > 0)
            {
                errors.Add(FieldError.Invalid("deprecatedSource", "\"\"", "needs to be unset"));
            }

            return errors;
        }

        if (!JsonNode.DeepEquals(core["series"], oldCore["series"]))
        {
            ValidateSeries(core, errors);
        }

        foreach (var field in new[] { "involvedObject", "reason", "message", "source", "firstTimestamp", "lastTimestamp", "count", "type", "eventTime", "action", "related", "reportingComponent", "reportingInstance" })
        {
            if (!JsonNode.DeepEquals(core[field], oldCore[field]))
            {
                var name = field == "reportingComponent" ? "reportingController" : field;
                errors.Add(FieldError.Invalid(name, ValueText(core[field]), "field is immutable"));
            }
        }

        return errors;
    }

    private static List<FieldError> Legacy(JsonObject core, bool eventsApi)
    {
        var errors = new List<FieldError>();
        var ns = Text(core["metadata"], "namespace");
        var involvedNamespace = Text(core["involvedObject"], "namespace");
        var reportingField = eventsApi ? "reportingController" : "reportingComponent";
        if (Text(core, "eventTime").Length == 0)
        {
            if (involvedNamespace.Length == 0 ? ns is not ("" or "default") : ns != involvedNamespace)
            {
                errors.Add(FieldError.Invalid("involvedObject.namespace", FieldError.Quote(involvedNamespace), "does not match event.namespace"));
            }

            return errors;
        }

        if (involvedNamespace.Length == 0 && ns is not ("default" or "kube-system"))
        {
            errors.Add(FieldError.Invalid("involvedObject.namespace", FieldError.Quote(involvedNamespace), "does not match event.namespace"));
        }

        if (Text(core, "reportingComponent").Length == 0)
        {
            errors.Add(FieldError.Required(reportingField));
        }

        Limit(errors, core, "reportingInstance", "reportingInstance", ReportingInstanceLengthLimit, required: true);
        Limit(errors, core, "action", "action", ActionLengthLimit, required: true);
        Limit(errors, core, "reason", "reason", ReasonLengthLimit, required: true);

        // The note is checked under its core name, as upstream reports it.
        Limit(errors, core, "message", "message", NoteLengthLimit, required: false);
        return errors;
    }

    private static void Limit(List<FieldError> errors, JsonObject core, string field, string name, int limit, bool required)
    {
        var text = Text(core, field);
        if (required && text.Length == 0)
        {
            errors.Add(FieldError.Required(name));
        }

        if (text.Length > limit)
        {
            errors.Add(FieldError.Invalid(name, "\"\"", $"can have at most {limit} characters"));
        }
    }

    private static void ValidateSeries(JsonObject core, List<FieldError> errors)
    {
        if (core["series"] is not JsonObject series)
        {
            return;
        }

        if (!(series["count"] is JsonValue count && count.TryGetValue<long>(out var c) && c >= 2))
        {
            errors.Add(FieldError.Invalid("series.count", "\"\"", "should be at least 2"));
        }

        if (Text(series, "lastObservedTime").Length == 0)
        {
            errors.Add(FieldError.Required("series.lastObservedTime"));
        }
    }

    private static string Text(JsonNode? node, string field) =>
        node?[field] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : string.Empty;

    private static string ValueText(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? FieldError.Quote(v.GetValue<string>()) : node?.ToJsonString() ?? "null";
}
