using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>
/// What a stored object looks like after Go decoded it and encoded it again: <c>omitempty</c> object metadata (an empty
/// <c>generateName</c>, <c>generation: 0</c>, <c>labels: {}</c>, <c>finalizers: []</c> are not kept — protobuf bodies carry such zero
/// values for every unset field), <c>metav1.Time</c> stored to the second (k8s.io/apimachinery pkg/apis/meta/v1/time_proto.go drops
/// nanoseconds) and <c>metav1.MicroTime</c> written with six fractional digits.
/// </summary>
internal static class WireNormalizer
{
    private static readonly HashSet<string> TimeFields = new(StringComparer.Ordinal)
    {
        "creationTimestamp", "deletionTimestamp", "lastUpdateTime", "lastTransitionTime", "lastHeartbeatTime", "lastProbeTime",
        "firstTimestamp", "lastTimestamp", "deprecatedFirstTimestamp", "deprecatedLastTimestamp", "expirationTimestamp",
        "startedAt", "finishedAt", "startTime", "time", "timeAdded",
    };

    private static readonly HashSet<string> MicroTimeFields = new(StringComparer.Ordinal) { "renewTime", "acquireTime", "eventTime", "lastObservedTime" };

    /// <summary>Maps whose keys are user data, never field names.</summary>
    private static readonly HashSet<string> UserMaps = new(StringComparer.Ordinal) { "data", "binaryData", "stringData", "labels", "annotations", "extra", "capacity", "allocatable" };

    private static readonly string[] OmitEmptyMetadata =
        ["name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "labels", "annotations", "finalizers", "ownerReferences", "managedFields"];

    public static void Normalize(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
        {
            foreach (var field in OmitEmptyMetadata)
            {
                if (metadata[field] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length == 0
                    || metadata[field] is JsonObject { Count: 0 } || metadata[field] is JsonArray { Count: 0 })
                {
                    metadata.Remove(field);
                }
            }

            if (metadata["generation"] is JsonValue generation && generation.TryGetValue<long>(out var g) && g == 0)
            {
                metadata.Remove("generation");
            }
        }

        NormalizeTimes(obj);
    }

    /// <summary>Formats a metav1.Time the way Go marshals it (RFC 3339, whole seconds, UTC).</summary>
    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Formats a metav1.MicroTime (RFC 3339 with six fractional digits).</summary>
    public static string FormatMicroTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static void NormalizeTimes(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String
                        && (TimeFields.Contains(key) || MicroTimeFields.Contains(key))
                        && DateTimeOffset.TryParse(v.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
                    {
                        if (TimeFields.Contains(key))
                        {
                            time = new DateTimeOffset(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
                            o[key] = FormatTime(time);
                        }
                        else
                        {
                            time = new DateTimeOffset(time.UtcTicks - (time.UtcTicks % (TimeSpan.TicksPerMillisecond / 1000)), TimeSpan.Zero);
                            o[key] = FormatMicroTime(time);
                        }
                    }
                    else if (!UserMaps.Contains(key))
                    {
                        NormalizeTimes(value);
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    NormalizeTimes(item);
                }

                break;
        }
    }
}
