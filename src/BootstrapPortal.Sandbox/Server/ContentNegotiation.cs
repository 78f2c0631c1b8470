using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using YamlDotNet.Serialization;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>How a resource response is written.</summary>
internal enum ResponseFormat
{
    Json,
    Yaml,
    Table,
    PartialObjectMetadata,
}

/// <summary>
/// Content negotiation of kube-apiserver (k8s.io/apiserver pkg/endpoints/handlers/negotiation/negotiate.go): the first media range
/// of <c>Accept</c> the server serves wins; <c>as=Table</c> and <c>as=PartialObjectMetadata(List)</c> of meta.k8s.io are
/// transformations of JSON; nothing acceptable → 406 NotAcceptable. The sandbox writes JSON and YAML; it does not write
/// protobuf, so an <c>Accept</c> that allows only protobuf answers 406.
/// </summary>
internal static class ContentNegotiation
{
    private const string FormatKey = "sandbox.response-format";

    public static readonly IReadOnlyList<string> RequestMediaTypes = ["application/json", "application/yaml", ProtobufDecoder.MediaType];

    public static readonly IReadOnlyList<string> ResponseMediaTypes = ["application/json", "application/yaml"];

    /// <summary>Chooses the response format for a resource request (and remembers it for the response writer) or throws 406.</summary>
    public static ResponseFormat Negotiate(HttpContext context)
    {
        var format = Choose(context.Request.Headers.Accept.ToString(), allowTransforms: true)
            ?? throw ApiException.NotAcceptable(ResponseMediaTypes);
        context.Items[FormatKey] = format;
        return format;
    }

    /// <summary>The format chosen by <see cref="Negotiate"/>; JSON when none was negotiated (non-resource paths, errors before it).</summary>
    public static ResponseFormat For(HttpContext context) =>
        context.Items.TryGetValue(FormatKey, out var value) && value is ResponseFormat format && format == ResponseFormat.Yaml ? ResponseFormat.Yaml : ResponseFormat.Json;

    public static ResponseFormat? Choose(string accept, bool allowTransforms)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return ResponseFormat.Json;
        }

        foreach (var range in accept.Split(','))
        {
            var parts = range.Split(';');
            var mediaType = parts[0].Trim().ToLowerInvariant();
            var parameters = parts.Skip(1).Select(p => p.Split('=', 2)).Where(p => p.Length == 2)
                .ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim(), StringComparer.Ordinal);
            if (parameters.TryGetValue("q", out var q) && q is "0" or "0.0" or "0.00" or "0.000")
            {
                continue;
            }

            if (parameters.TryGetValue("as", out var transform))
            {
                if (!allowTransforms || mediaType is not ("application/json" or "application/yaml") || !parameters.TryGetValue("g", out var group) || group != "meta.k8s.io")
                {
                    continue;
                }

                var version = parameters.GetValueOrDefault("v");
                if (version is not ("v1" or "v1beta1"))
                {
                    continue;
                }

                switch (transform)
                {
                    case "Table":
                        return ResponseFormat.Table;
                    case "PartialObjectMetadata" or "PartialObjectMetadataList":
                        return ResponseFormat.PartialObjectMetadata;
                    default:
                        continue;
                }
            }

            switch (mediaType)
            {
                case "application/json" or "application/*" or "*/*" or "*":
                    return ResponseFormat.Json;
                case "application/yaml":
                    return ResponseFormat.Yaml;
            }
        }

        return null;
    }

    /// <summary>Writes <paramref name="json"/> as YAML the way kube-apiserver's YAML serializer renders objects.</summary>
    public static string ToYaml(JsonNode? json)
    {
        var serializer = new SerializerBuilder().WithQuotingNecessaryStrings().Build();
        return serializer.Serialize(ToPlain(json));
    }

    private static object? ToPlain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => ToPlain(p.Value), StringComparer.Ordinal),
        JsonArray a => a.Select(ToPlain).ToList(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v => v.GetValue<double>(),
        _ => node.ToJsonString(),
    };
}
