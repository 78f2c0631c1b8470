using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BootstrapPortal.Sandbox.Storage;
using Microsoft.AspNetCore.Http;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>Server-side printing (<c>meta.k8s.io/v1 Table</c>) with the real column sets of <c>pkg/printers/internalversion</c>.</summary>
internal static class TableConverter
{
    public static bool WantsTable(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains("as=Table", StringComparison.Ordinal) && a.Contains("g=meta.k8s.io", StringComparison.Ordinal));

    public static string IncludeObject(HttpRequest request) => request.Query["includeObject"].ToString() switch
    {
        "Object" => "Object",
        "None" => "None",
        _ => "Metadata",
    };

    public static JsonObject ToTable(ResourceDefinition resource, IReadOnlyList<StoredObject> items, string resourceVersion, string? continueToken, string includeObject)
    {
        var columns = new JsonArray();
        foreach (var (name, type, format, description, priority) in Columns(resource))
        {
            columns.Add(new JsonObject
            {
                ["name"] = name,
                ["type"] = type,
                ["format"] = format,
                ["description"] = description,
                ["priority"] = priority,
            });
        }

        var rows = new JsonArray();
        foreach (var item in items)
        {
            rows.Add(Row(resource, item.Json, includeObject));
        }

        var metadata = new JsonObject();
        if (resourceVersion.Length > 0)
        {
            metadata["resourceVersion"] = resourceVersion;
        }

        if (continueToken is not null)
        {
            metadata["continue"] = continueToken;
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
            ["columnDefinitions"] = columns,
            ["rows"] = rows,
        };
    }

    public static JsonObject Row(ResourceDefinition resource, JsonElement obj, string includeObject)
    {
        var cells = new JsonArray([.. Cells(resource, obj)]);
        var row = new JsonObject { ["cells"] = cells };
        if (includeObject == "Object")
        {
            row["object"] = JsonNode.Parse(obj.GetRawText());
        }
        else if (includeObject == "Metadata")
        {
            row["object"] = new JsonObject
            {
                ["kind"] = "PartialObjectMetadata",
                ["apiVersion"] = "meta.k8s.io/v1",
                ["metadata"] = JsonNode.Parse(obj.GetProperty("metadata").GetRawText()),
            };
        }

        return row;
    }

    private static IEnumerable<(string Name, string Type, string Format, string Description, int Priority)> Columns(ResourceDefinition resource)
    {
        if (resource == ResourceCatalog.Events || resource == ResourceCatalog.EventsV1)
        {
            yield return ("Last Seen", "string", "", "Time when last this event was observed.", 0);
            yield return ("Type", "string", "", "Type of this event (Normal, Warning), new types could be added in the future.", 0);
            yield return ("Reason", "string", "", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.", 0);
            yield return ("Object", "string", "", "The object that this event is about.", 0);
            yield return ("Message", "string", "", "A human-readable description of the status of this operation.", 0);
            yield break;
        }

        yield return ("Name", "string", "name", "Name must be unique within a namespace.", 0);
        if (resource == ResourceCatalog.ClusterRoles || resource == ResourceCatalog.Roles)
        {
            yield return ("Created At", "date", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0);
        }
        else if (resource == ResourceCatalog.ClusterRoleBindings || resource == ResourceCatalog.RoleBindings)
        {
            yield return ("Role", "string", "", "Role of the binding", 0);
            yield return ("Age", "string", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0);
            yield return ("Users", "string", "", "Users in the binding", 1);
            yield return ("Groups", "string", "", "Groups in the binding", 1);
            yield return ("ServiceAccounts", "string", "", "ServiceAccounts in the binding", 1);
        }
        else if (resource == ResourceCatalog.CertificateSigningRequests)
        {
            yield return ("Age", "string", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0);
            yield return ("SignerName", "string", "", "Only one signer is used per CSR.", 0);
            yield return ("Requestor", "string", "", "Name of the user requesting the certificate.", 0);
            yield return ("RequestedDuration", "string", "", "Requested certificate duration.", 0);
            yield return ("Condition", "string", "", "Approval/denial/failure and issuance state of the request.", 0);
        }
        else if (resource == ResourceCatalog.Nodes)
        {
            yield return ("Status", "string", "", "The status of the node", 0);
            yield return ("Roles", "string", "", "The roles of the node", 0);
            yield return ("Age", "string", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0);
            yield return ("Version", "string", "", "Kubelet Version reported by the node.", 0);
        }
        else if (resource == ResourceCatalog.Secrets)
        {
            yield return ("Type", "string", "", "The type of the secret", 0);
            yield return ("Data", "string", "", "The number of entries in the secret", 0);
            yield return ("Age", "string", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0);
        }
        else if (resource == ResourceCatalog.Namespaces)
        {
            yield return ("Status", "string", "", "The status of the namespace", 0);
            yield return ("Age", "string", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0);
        }
        else if (resource == ResourceCatalog.ConfigMaps)
        {
            yield return ("Data", "string", "", "Number of data in configmap", 0);
            yield return ("Age", "string", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0);
        }
        else
        {
            yield return ("Age", "string", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0);
        }
    }

    private static IEnumerable<JsonNode?> Cells(ResourceDefinition resource, JsonElement obj)
    {
        if (resource == ResourceCatalog.EventsV1)
        {
            // Both Event APIs print with the core printer (k/k pkg/printers/internalversion printEvent).
            obj = EventConversion.ToCore(obj);
            resource = ResourceCatalog.Events;
        }

        var metadata = obj.GetProperty("metadata");
        if (resource == ResourceCatalog.Events)
        {
            var lastSeen = Text(obj, "lastTimestamp");
            yield return lastSeen.Length > 0 && DateTimeOffset.TryParse(lastSeen, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var seen)
                ? HumanDuration(DateTimeOffset.UtcNow - seen) : Age(metadata);
            yield return Text(obj, "type");
            yield return Text(obj, "reason");
            var involved = obj.TryGetProperty("involvedObject", out var io) ? io : default;
            yield return Text(involved, "kind").ToLowerInvariant() + "/" + Text(involved, "name");
            yield return Text(obj, "message");
            yield break;
        }

        yield return metadata.GetProperty("name").GetString();
        var age = Age(metadata);
        if (resource == ResourceCatalog.ClusterRoles || resource == ResourceCatalog.Roles)
        {
            yield return Text(metadata, "creationTimestamp");
        }
        else if (resource == ResourceCatalog.ClusterRoleBindings || resource == ResourceCatalog.RoleBindings)
        {
            var roleRef = obj.TryGetProperty("roleRef", out var r) ? r : default;
            yield return Text(roleRef, "kind") + "/" + Text(roleRef, "name");
            yield return age;
            var subjects = obj.TryGetProperty("subjects", out var subs) && subs.ValueKind == JsonValueKind.Array ? subs.EnumerateArray().ToList() : [];
            yield return string.Join(", ", subjects.Where(x => Text(x, "kind") == "User").Select(x => Text(x, "name")));
            yield return string.Join(", ", subjects.Where(x => Text(x, "kind") == "Group").Select(x => Text(x, "name")));
            yield return string.Join(", ", subjects.Where(x => Text(x, "kind") == "ServiceAccount").Select(x => Text(x, "namespace") + "/" + Text(x, "name")));
        }
        else if (resource == ResourceCatalog.CertificateSigningRequests)
        {
            var spec = obj.TryGetProperty("spec", out var s) ? s : default;
            yield return age;
            yield return Text(spec, "signerName");
            yield return Text(spec, "username");
            yield return spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty("expirationSeconds", out var e)
                ? HumanDuration(TimeSpan.FromSeconds(e.GetInt64())) : "<none>";
            yield return CsrCondition(obj);
        }
        else if (resource == ResourceCatalog.Nodes)
        {
            yield return NodeStatus(obj);
            yield return NodeRoles(metadata);
            yield return age;
            yield return obj.TryGetProperty("status", out var st) && st.TryGetProperty("nodeInfo", out var ni) ? Text(ni, "kubeletVersion") : string.Empty;
        }
        else if (resource == ResourceCatalog.Secrets)
        {
            yield return obj.TryGetProperty("type", out var t) ? t.GetString() : string.Empty;
            yield return Count(obj, "data") + Count(obj, "stringData");
            yield return age;
        }
        else if (resource == ResourceCatalog.Namespaces)
        {
            yield return obj.TryGetProperty("status", out var st) && st.TryGetProperty("phase", out var p) ? p.GetString() : "Active";
            yield return age;
        }
        else if (resource == ResourceCatalog.ConfigMaps)
        {
            yield return Count(obj, "data") + Count(obj, "binaryData");
            yield return age;
        }
        else
        {
            yield return age;
        }
    }

    /// <summary>CONDITION column (k/k pkg/printers/internalversion/printers.go).</summary>
    public static string CsrCondition(JsonElement csr)
    {
        var types = new HashSet<string>(StringComparer.Ordinal);
        var issued = false;
        if (csr.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Object)
        {
            if (status.TryGetProperty("conditions", out var conditions) && conditions.ValueKind == JsonValueKind.Array)
            {
                foreach (var condition in conditions.EnumerateArray())
                {
                    types.Add(Text(condition, "type"));
                }
            }

            issued = status.TryGetProperty("certificate", out var certificate) && certificate.GetString() is { Length: > 0 };
        }

        var text = types.Contains("Denied") ? "Denied" : types.Contains("Approved") ? "Approved" : "Pending";
        if (types.Contains("Failed"))
        {
            text += ",Failed";
        }

        if (issued)
        {
            text += ",Issued";
        }

        return text;
    }

    private static string NodeStatus(JsonElement node)
    {
        var ready = "Unknown";
        if (node.TryGetProperty("status", out var status) && status.TryGetProperty("conditions", out var conditions) && conditions.ValueKind == JsonValueKind.Array)
        {
            foreach (var condition in conditions.EnumerateArray())
            {
                if (Text(condition, "type") == "Ready")
                {
                    ready = Text(condition, "status") == "True" ? "Ready" : "NotReady";
                }
            }
        }

        if (node.TryGetProperty("spec", out var spec) && spec.TryGetProperty("unschedulable", out var u) && u.ValueKind == JsonValueKind.True)
        {
            ready += ",SchedulingDisabled";
        }

        return ready;
    }

    private static string NodeRoles(JsonElement metadata)
    {
        var roles = new SortedSet<string>(StringComparer.Ordinal);
        if (metadata.TryGetProperty("labels", out var labels) && labels.ValueKind == JsonValueKind.Object)
        {
            foreach (var label in labels.EnumerateObject())
            {
                if (label.Name.StartsWith("node-role.kubernetes.io/", StringComparison.Ordinal))
                {
                    roles.Add(label.Name["node-role.kubernetes.io/".Length..]);
                }
                else if (label.Name == "kubernetes.io/role")
                {
                    roles.Add(label.Value.GetString() ?? string.Empty);
                }
            }
        }

        return roles.Count == 0 ? "<none>" : string.Join(',', roles);
    }

    private static string Age(JsonElement metadata)
    {
        if (!metadata.TryGetProperty("creationTimestamp", out var created) || created.GetString() is not { } text
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return "<unknown>";
        }

        return HumanDuration(DateTimeOffset.UtcNow - time);
    }

    /// <summary>apimachinery <c>duration.HumanDuration</c>.</summary>
    public static string HumanDuration(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 60 * 2)
        {
            return $"{seconds}s";
        }

        var minutes = seconds / 60;
        if (minutes < 10)
        {
            var s = seconds % 60;
            return s == 0 ? $"{minutes}m" : $"{minutes}m{s}s";
        }

        if (minutes < 60 * 3)
        {
            return $"{minutes}m";
        }

        var hours = minutes / 60;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? $"{hours}h" : $"{hours}h{m}m";
        }

        if (hours < 48)
        {
            return $"{hours}h";
        }

        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? $"{hours / 24}d" : $"{hours / 24}d{h}h";
        }

        if (hours < 24 * 365 * 2)
        {
            return $"{hours / 24}d";
        }

        if (hours < 24 * 365 * 8)
        {
            var dy = hours / 24 % 365;
            return dy == 0 ? $"{hours / 24 / 365}y" : $"{hours / 24 / 365}y{dy}d";
        }

        return $"{hours / 24 / 365}y";
    }

    private static int Count(JsonElement obj, string property) =>
        obj.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.Object ? v.EnumerateObject().Count() : 0;

    private static string Text(JsonElement obj, string property) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? string.Empty : string.Empty;
}
