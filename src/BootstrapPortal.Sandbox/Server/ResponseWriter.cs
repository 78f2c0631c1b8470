using System.Text.Json;
using System.Text.Json.Nodes;
using BootstrapPortal.Sandbox.Storage;
using Microsoft.AspNetCore.Http;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>Writes JSON responses.</summary>
internal static class ResponseWriter
{
    public const string JsonContentType = "application/json";

    public const string YamlContentType = "application/yaml";

    public static async Task WriteAsync(HttpContext context, int statusCode, JsonNode body, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = statusCode;
        if (ContentNegotiation.For(context) == ResponseFormat.Yaml)
        {
            await WriteYamlAsync(context, body, cancellationToken);
            return;
        }

        context.Response.ContentType = JsonContentType;
        await using var writer = new Utf8JsonWriter(context.Response.Body, SandboxJson.WriterOptions);
        body.WriteTo(writer);
        await writer.FlushAsync(cancellationToken);
    }

    public static async Task WriteAsync(HttpContext context, int statusCode, JsonElement body, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = statusCode;
        if (ContentNegotiation.For(context) == ResponseFormat.Yaml)
        {
            await WriteYamlAsync(context, JsonNode.Parse(body.GetRawText()), cancellationToken);
            return;
        }

        context.Response.ContentType = JsonContentType;
        await using var writer = new Utf8JsonWriter(context.Response.Body, SandboxJson.WriterOptions);
        body.WriteTo(writer);
        await writer.FlushAsync(cancellationToken);
    }

    private static async Task WriteYamlAsync(HttpContext context, JsonNode? body, CancellationToken cancellationToken)
    {
        context.Response.ContentType = YamlContentType;
        await context.Response.WriteAsync(ContentNegotiation.ToYaml(body), cancellationToken);
    }

    /// <summary>A list envelope; items are written without kind/apiVersion like the real server.</summary>
    public static async Task WriteListAsync(HttpContext context, ResourceDefinition resource, IReadOnlyList<StoredObject> items,
        long resourceVersion, string? continueToken, long? remaining, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = 200;
        var yaml = ContentNegotiation.For(context) == ResponseFormat.Yaml;
        using var buffer = yaml ? new MemoryStream() : null;
        context.Response.ContentType = yaml ? YamlContentType : JsonContentType;
        await using var writer = new Utf8JsonWriter(buffer ?? context.Response.Body, SandboxJson.WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("kind", resource.Kind + "List");
        writer.WriteString("apiVersion", resource.GroupVersion);
        writer.WriteStartObject("metadata");
        writer.WriteString("resourceVersion", resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (continueToken is not null)
        {
            writer.WriteString("continue", continueToken);
        }

        if (remaining is not null)
        {
            writer.WriteNumber("remainingItemCount", remaining.Value);
        }

        writer.WriteEndObject();
        writer.WriteStartArray("items");
        foreach (var item in items)
        {
            WriteWithoutTypeMeta(writer, item.Json);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
        if (buffer is not null)
        {
            await context.Response.WriteAsync(ContentNegotiation.ToYaml(JsonNode.Parse(buffer.ToArray())), cancellationToken);
        }
    }

    public static void WriteWithoutTypeMeta(Utf8JsonWriter writer, JsonElement obj)
    {
        writer.WriteStartObject();
        foreach (var property in obj.EnumerateObject())
        {
            if (property.NameEquals("kind") || property.NameEquals("apiVersion"))
            {
                continue;
            }

            property.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    public static JsonObject SuccessStatus(ResourceDefinition resource, string name, string? uid)
    {
        var details = new JsonObject { ["name"] = name };
        if (resource.Group.Length > 0)
        {
            details["group"] = resource.Group;
        }

        details["kind"] = resource.Plural;
        if (uid is not null)
        {
            details["uid"] = uid;
        }

        return new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = details,
        };
    }
}
