using System.Text;
using System.Text.Json;

namespace BootstrapPortal.Core.Csrs.Serving;

/// <summary>
/// The JSON form of a serving policy (the API body and the ConfigMap's <c>policy.json</c>): camelCase fields, every field
/// optional (a missing one takes its default), unknown fields refused. Parsing is total: bad input gives errors naming the
/// field, never an exception and never an echo of the input.
/// </summary>
public static class ServingPolicyJson
{
    public const int MaxDocumentBytes = 64 * 1024;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 8, CommentHandling = JsonCommentHandling.Disallow };

    private static readonly string[] Fields =
    [
        "enabled", "nodeNamePattern", "allowedIpPrefixes", "maxDnsNames", "maxIpAddresses", "sansWithinNodeAddresses",
        "resolveDnsNames", "dnsTimeoutSeconds", "maxExpirationSeconds", "onlyExistingNodes",
    ];

    public static string Serialize(ServingPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            Write(writer, policy);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes the policy's fields as one JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, ServingPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(policy);
        writer.WriteStartObject();
        writer.WriteBoolean("enabled", policy.Enabled);
        writer.WriteString("nodeNamePattern", policy.NodeNamePattern);
        writer.WriteStartArray("allowedIpPrefixes");
        foreach (var prefix in policy.AllowedIpPrefixes)
        {
            writer.WriteStringValue(prefix);
        }

        writer.WriteEndArray();
        writer.WriteNumber("maxDnsNames", policy.MaxDnsNames);
        writer.WriteNumber("maxIpAddresses", policy.MaxIpAddresses);
        writer.WriteBoolean("sansWithinNodeAddresses", policy.SansWithinNodeAddresses);
        writer.WriteBoolean("resolveDnsNames", policy.ResolveDnsNames);
        writer.WriteNumber("dnsTimeoutSeconds", policy.DnsTimeoutSeconds);
        if (policy.MaxExpirationSeconds is { } seconds)
        {
            writer.WriteNumber("maxExpirationSeconds", seconds);
        }
        else
        {
            writer.WriteNull("maxExpirationSeconds");
        }

        writer.WriteBoolean("onlyExistingNodes", policy.OnlyExistingNodes);
        writer.WriteEndObject();
    }

    /// <summary>Parses a JSON text; on failure <paramref name="errors"/> names each bad field.</summary>
    public static bool TryParse(string? json, out ServingPolicy? policy, out IReadOnlyList<ServingPolicyError> errors)
    {
        policy = null;
        if (string.IsNullOrWhiteSpace(json))
        {
            errors = [new("$", "is empty; a policy is a JSON object.")];
            return false;
        }

        if (Encoding.UTF8.GetByteCount(json) > MaxDocumentBytes)
        {
            errors = [new("$", $"is larger than {MaxDocumentBytes / 1024} KiB.")];
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(json, DocumentOptions);
            return TryParse(document.RootElement, out policy, out errors);
        }
        catch (JsonException ex)
        {
            errors = [new("$", $"is not valid JSON (line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}).")];
            return false;
        }
    }

    /// <summary>Reads a policy from a JSON object, then validates it with <see cref="ServingPolicyValidator"/>.</summary>
    public static bool TryParse(JsonElement element, out ServingPolicy? policy, out IReadOnlyList<ServingPolicyError> errors)
    {
        policy = null;
        var list = new List<ServingPolicyError>();
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors = [new("$", "must be a JSON object.")];
            return false;
        }

        var result = ServingPolicy.Default;
        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "enabled":
                    result = Bool(value, property.Name, list) is { } enabled ? result with { Enabled = enabled } : result;
                    break;
                case "nodeNamePattern":
                    if (value.ValueKind == JsonValueKind.Null)
                    {
                        result = result with { NodeNamePattern = string.Empty };
                    }
                    else if (value.ValueKind == JsonValueKind.String)
                    {
                        result = result with { NodeNamePattern = value.GetString()!.Trim() };
                    }
                    else
                    {
                        list.Add(new(property.Name, "must be a string."));
                    }

                    break;
                case "allowedIpPrefixes":
                    result = Strings(value, property.Name, list) is { } prefixes ? result with { AllowedIpPrefixes = prefixes } : result;
                    break;
                case "maxDnsNames":
                    result = Int(value, property.Name, list) is { } dns ? result with { MaxDnsNames = dns } : result;
                    break;
                case "maxIpAddresses":
                    result = Int(value, property.Name, list) is { } ips ? result with { MaxIpAddresses = ips } : result;
                    break;
                case "sansWithinNodeAddresses":
                    result = Bool(value, property.Name, list) is { } within ? result with { SansWithinNodeAddresses = within } : result;
                    break;
                case "resolveDnsNames":
                    result = Bool(value, property.Name, list) is { } resolve ? result with { ResolveDnsNames = resolve } : result;
                    break;
                case "dnsTimeoutSeconds":
                    if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var timeout))
                    {
                        result = result with { DnsTimeoutSeconds = timeout };
                    }
                    else
                    {
                        list.Add(new(property.Name, "must be a number of seconds."));
                    }

                    break;
                case "maxExpirationSeconds":
                    if (value.ValueKind == JsonValueKind.Null)
                    {
                        result = result with { MaxExpirationSeconds = null };
                    }
                    else if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds))
                    {
                        result = result with { MaxExpirationSeconds = seconds };
                    }
                    else
                    {
                        list.Add(new(property.Name, "must be a whole number of seconds or null."));
                    }

                    break;
                case "onlyExistingNodes":
                    result = Bool(value, property.Name, list) is { } existing ? result with { OnlyExistingNodes = existing } : result;
                    break;
                default:
                    list.Add(new(Safe(property.Name), "is not a field of the serving policy (fields: " + string.Join(", ", Fields) + ")."));
                    break;
            }
        }

        if (list.Count == 0)
        {
            list.AddRange(ServingPolicyValidator.Validate(result));
        }

        errors = list;
        if (list.Count > 0)
        {
            return false;
        }

        policy = result;
        return true;
    }

    private static bool? Bool(JsonElement value, string field, List<ServingPolicyError> errors)
    {
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        errors.Add(new(field, "must be true or false."));
        return null;
    }

    private static int? Int(JsonElement value, string field, List<ServingPolicyError> errors)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return number;
        }

        errors.Add(new(field, "must be a whole number."));
        return null;
    }

    private static string[]? Strings(JsonElement value, string field, List<ServingPolicyError> errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new(field, "must be an array of strings."));
            return null;
        }

        var items = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                items.Add(item.GetString()!.Trim());
            }
            else
            {
                errors.Add(new($"{field}[{index}]", "must be a string."));
            }

            index++;
        }

        return items.ToArray();
    }

    /// <summary>An unknown field's name as reported: short and printable (never a long or odd echo of the input).</summary>
    private static string Safe(string name) =>
        name.Length <= 40 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? name : "(unknown field)";
}
