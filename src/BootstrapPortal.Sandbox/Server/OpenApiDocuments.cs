using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>
/// OpenAPI documents, enough for kubectl: <c>/openapi/v3</c> (root with one entry per group-version) and the group-version
/// documents whose PATCH operations carry <c>x-kubernetes-group-version-kind</c> and the <c>fieldValidation</c> query parameter
/// (so kubectl 1.2x+ delegates validation to the server with <c>fieldValidation=Strict</c>), and <c>/openapi/v2</c> as a minimal
/// protobuf <c>openapi_v2.Document</c> (swagger 2.0, info, no paths) when protobuf is asked for, else as JSON with definitions.
/// The v3 documents carry the kinds' schemas (<see cref="OpenApiSchemas"/>), so <c>kubectl explain</c> works; the protobuf v2
/// stays without definitions, so kubectl's client-side apply keeps computing strategic merge patches from its compiled-in
/// types, as it does when a v2 lookup finds nothing.
/// </summary>
internal static class OpenApiDocuments
{
    private const string Title = "Kubernetes";
    private const string Version = "v1.33.4";

    public static async Task WriteAsync(HttpContext context, string[] parts, CancellationToken cancellationToken)
    {
        if (parts.Length == 2 && parts[1] == "v2")
        {
            await WriteV2Async(context, cancellationToken);
            return;
        }

        if (parts.Length == 2 && parts[1] == "v3")
        {
            await ResponseWriter.WriteAsync(context, 200, Root(), cancellationToken);
            return;
        }

        if (parts.Length >= 4 && parts[1] == "v3")
        {
            var (group, version) = parts[2] == "api" ? (string.Empty, parts[3]) : parts.Length >= 5 ? (parts[3], parts[4]) : (string.Empty, string.Empty);
            if ((parts[2] == "api" && parts.Length == 4) || (parts[2] == "apis" && parts.Length == 5))
            {
                if (ResourceCatalog.InGroupVersion(group, version).Any())
                {
                    await ResponseWriter.WriteAsync(context, 200, GroupVersionDocument(group, version), cancellationToken);
                    return;
                }
            }
        }

        throw ApiException.NotFoundPath();
    }

    private static JsonObject Root()
    {
        var paths = new JsonObject();
        foreach (var (group, version) in ResourceCatalog.All.Select(r => (r.Group, r.Version)).Distinct())
        {
            var key = group.Length == 0 ? "api/" + version : "apis/" + group + "/" + version;
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(GroupVersionDocument(group, version).ToJsonString())));
            paths[key] = new JsonObject { ["serverRelativeURL"] = "/openapi/v3/" + key + "?hash=" + hash };
        }

        return new JsonObject { ["paths"] = paths };
    }

    private static JsonObject GroupVersionDocument(string group, string version)
    {
        var paths = new JsonObject();
        foreach (var resource in ResourceCatalog.InGroupVersion(group, version))
        {
            var gvk = new JsonObject { ["group"] = resource.Group, ["version"] = resource.Version, ["kind"] = resource.Kind };
            var basePath = resource.BasePath + (resource.Namespaced ? "/namespaces/{namespace}/" : "/") + resource.Plural;
            if (resource.IsReview)
            {
                paths[basePath] = new JsonObject { ["post"] = Operation("create", resource, gvk) };
                continue;
            }

            paths[basePath] = new JsonObject
            {
                ["get"] = Operation("list", resource, gvk),
                ["post"] = Operation("create", resource, gvk),
                ["delete"] = Operation("deletecollection", resource, gvk),
            };
            paths[basePath + "/{name}"] = new JsonObject
            {
                ["get"] = Operation("get", resource, gvk),
                ["put"] = Operation("update", resource, gvk),
                ["patch"] = Operation("patch", resource, gvk),
                ["delete"] = Operation("delete", resource, gvk),
            };
            foreach (var sub in resource.Subresources)
            {
                paths[basePath + "/{name}/" + sub] = new JsonObject
                {
                    ["get"] = Operation("get", resource, gvk),
                    ["put"] = Operation("update", resource, gvk),
                    ["patch"] = Operation("patch", resource, gvk),
                };
            }
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = Title, ["version"] = Version },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = OpenApiSchemas.ComponentSchemas(group, ResourceCatalog.InGroupVersion(group, version)) },
        };
    }

    /// <summary>The swagger 2.0 form: every group-version's schemas as <c>definitions</c>, references as plain <c>$ref</c>.</summary>
    private static JsonObject SwaggerDocument()
    {
        var definitions = new JsonObject();
        foreach (var (group, version) in ResourceCatalog.All.Select(r => (r.Group, r.Version)).Distinct())
        {
            foreach (var (name, schema) in OpenApiSchemas.ComponentSchemas(group, ResourceCatalog.InGroupVersion(group, version)))
            {
                if (definitions[name] is JsonObject existing && schema?["x-kubernetes-group-version-kind"] is JsonArray kinds)
                {
                    // A type served by several group-versions lists all of its kinds.
                    var merged = existing["x-kubernetes-group-version-kind"] as JsonArray ?? [];
                    foreach (var kind in kinds)
                    {
                        merged.Add(kind?.DeepClone());
                    }

                    existing["x-kubernetes-group-version-kind"] = merged;
                    continue;
                }

                definitions[name] ??= ToSwagger(schema);
            }
        }

        return new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = Title, ["version"] = Version },
            ["paths"] = new JsonObject(),
            ["definitions"] = definitions,
        };
    }

    private static JsonNode? ToSwagger(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj when obj["allOf"] is JsonArray { Count: 1 } allOf && allOf[0] is JsonObject only && only["$ref"] is { } reference:
                var result = new JsonObject { ["$ref"] = ToSwagger(reference) };
                if (obj["description"] is { } description)
                {
                    result["description"] = description.DeepClone();
                }

                return result;
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    copy[key] = ToSwagger(value);
                }

                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select(ToSwagger)]);
            case JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String
                && value.GetValue<string>().StartsWith("#/components/schemas/", StringComparison.Ordinal):
                return "#/definitions/" + value.GetValue<string>()["#/components/schemas/".Length..];
            default:
                return node?.DeepClone();
        }
    }

    private static JsonObject Operation(string action, ResourceDefinition resource, JsonObject gvk)
    {
        var parameters = new JsonArray();
        if (action is "create" or "update" or "patch")
        {
            parameters.Add(new JsonObject
            {
                ["name"] = "fieldValidation",
                ["in"] = "query",
                ["description"] = "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields.",
                ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
            });
            parameters.Add(new JsonObject
            {
                ["name"] = "dryRun",
                ["in"] = "query",
                ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
            });
        }

        return new JsonObject
        {
            ["tags"] = new JsonArray(resource.GroupVersion.Replace("/", "_", StringComparison.Ordinal)),
            ["operationId"] = action + resource.Kind,
            ["parameters"] = parameters,
            ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
            ["x-kubernetes-action"] = action == "create" ? "post" : action == "update" ? "put" : action,
            ["x-kubernetes-group-version-kind"] = gvk.DeepClone(),
        };
    }

    /// <summary>
    /// <c>/openapi/v2</c>: protobuf when the client asks for it (kubectl does: a minimal document, see the class summary), else the
    /// swagger 2.0 JSON document with the definitions of every served kind (k8s.io/kube-openapi pkg/handler).
    /// </summary>
    private static async Task WriteV2Async(HttpContext context, CancellationToken cancellationToken)
    {
        if (!context.Request.Headers.Accept.ToString().Contains("protobuf", StringComparison.OrdinalIgnoreCase))
        {
            await ResponseWriter.WriteAsync(context, 200, SwaggerDocument(), cancellationToken);
            return;
        }

        using var info = new MemoryStream();
        ProtobufDecoder.Writer.String(info, 1, Title);
        ProtobufDecoder.Writer.String(info, 2, Version);
        using var document = new MemoryStream();
        ProtobufDecoder.Writer.String(document, 1, "2.0");
        ProtobufDecoder.Writer.Bytes(document, 2, info.ToArray());
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
        await context.Response.Body.WriteAsync(document.ToArray(), cancellationToken);
    }
}
