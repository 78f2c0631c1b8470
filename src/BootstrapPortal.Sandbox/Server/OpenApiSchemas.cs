using System.Collections;
using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using k8s.Models;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>
/// OpenAPI v3 component schemas of the served kinds, in kube-apiserver's shape (k8s.io/kube-openapi pkg/builder3): one
/// schema per Go type named <c>io.k8s.api.{group}.{version}.{Type}</c> (meta types under
/// <c>io.k8s.apimachinery.pkg.apis.meta.v1</c>), object-valued properties as <c>allOf: [{$ref}]</c>, the kinds marked with
/// <c>x-kubernetes-group-version-kind</c> — what <c>kubectl explain</c> reads. The field sets and types come from the
/// client models (which are generated from upstream's OpenAPI), the descriptions from their XML documentation when it
/// is present next to the client assembly.
/// </summary>
internal static partial class OpenApiSchemas
{
    private const string MetaPackage = "io.k8s.apimachinery.pkg.apis.meta.v1";

    private static readonly HashSet<Type> MetaTypes =
    [
        typeof(V1ObjectMeta), typeof(V1OwnerReference), typeof(V1ManagedFieldsEntry), typeof(V1ListMeta), typeof(V1LabelSelector),
        typeof(V1LabelSelectorRequirement), typeof(V1Condition), typeof(V1Status), typeof(V1StatusDetails), typeof(V1StatusCause),
    ];

    /// <summary>Core types other groups' kinds reach (events.k8s.io's regarding/related/deprecatedSource): named under core.</summary>
    private static readonly HashSet<Type> CoreTypes = [typeof(V1ObjectReference), typeof(V1EventSource)];

    private static readonly Lazy<FrozenDictionary<string, string>> Descriptions = new(LoadDescriptions, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The component schemas of every served kind of the group-version and of every type they reach.</summary>
    public static JsonObject ComponentSchemas(string group, IEnumerable<ResourceDefinition> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var schemas = new JsonObject();
        var package = PackageOf(group);
        foreach (var resource in resources)
        {
            var name = Add(schemas, resource.ModelType, package);
            schemas[name]!["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject
            {
                ["group"] = resource.Group,
                ["kind"] = resource.Kind,
                ["version"] = resource.Version,
            });
        }

        return schemas;
    }

    /// <summary>The schema name of <paramref name="type"/> in a document of <paramref name="package"/>.</summary>
    public static string SchemaName(Type type, string package)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type == typeof(ResourceQuantity))
        {
            return "io.k8s.apimachinery.pkg.api.resource.Quantity";
        }

        if (type == typeof(IntOrString))
        {
            return "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
        }

        var match = VersionPrefix().Match(type.Name);
        var version = match.Groups["version"].Success ? match.Groups["version"].Value.ToLowerInvariant() : "v1";
        var bare = match.Success ? type.Name[match.Length..] : type.Name;
        if (CoreTypes.Contains(type))
        {
            return "io.k8s.api.core.v1." + bare;
        }

        return (MetaTypes.Contains(type) ? MetaPackage : package[..package.LastIndexOf('.')] + "." + version) + "." + bare;
    }

    public static string PackageOf(string group) => "io.k8s.api." + (group.Length == 0 ? "core" : group.Split('.')[0]) + ".v1";

    private static string Add(JsonObject schemas, Type type, string package)
    {
        var name = SchemaName(type, package);
        if (schemas.ContainsKey(name))
        {
            return name;
        }

        if (type == typeof(ResourceQuantity))
        {
            schemas[name] = new JsonObject
            {
                ["description"] = "Quantity is a fixed-point representation of a number, serialized as a string (for example 100m, 4Gi).",
                ["type"] = "string",
            };
            return name;
        }

        if (type == typeof(IntOrString))
        {
            schemas[name] = new JsonObject
            {
                ["description"] = "IntOrString is a type that can hold an int32 or a string.",
                ["type"] = "string",
                ["format"] = "int-or-string",
            };
            return name;
        }

        var schema = new JsonObject();
        schemas[name] = schema;
        if (Descriptions.Value.TryGetValue("T:" + type.FullName, out var typeDescription))
        {
            schema["description"] = typeDescription;
        }

        var properties = new JsonObject();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => JsonName(p), StringComparer.Ordinal))
        {
            if (property.GetCustomAttribute<JsonPropertyNameAttribute>() is null)
            {
                continue;
            }

            var field = Field(schemas, property.PropertyType, package);
            if (Descriptions.Value.TryGetValue("P:" + type.FullName + "." + property.Name, out var description))
            {
                field["description"] = description;
            }

            properties[JsonName(property)] = field;
        }

        schema["properties"] = properties;
        if (FieldManagement.SchemaFacts.Type(name) is { } facts)
        {
            AddFacts(schema, properties, facts);
        }

        schema["type"] = "object";
        return name;
    }

    /// <summary>
    /// Upstream's <c>required</c> lists, enums, scalar defaults and list/map extensions (<see cref="FieldManagement.SchemaFacts"/>),
    /// which the client models do not carry.
    /// </summary>
    private static void AddFacts(JsonObject schema, JsonObject properties, JsonObject facts)
    {
        if (facts["required"] is JsonArray required)
        {
            schema["required"] = required.DeepClone();
        }

        if (facts["x-kubernetes-map-type"] is { } mapType)
        {
            schema["x-kubernetes-map-type"] = mapType.DeepClone();
        }

        foreach (var (property, propertyFacts) in facts["properties"] as JsonObject ?? new JsonObject())
        {
            if (properties[property] is not JsonObject field || propertyFacts is not JsonObject values)
            {
                continue;
            }

            foreach (var (key, value) in values)
            {
                // Struct defaults ({}) are already on the references; time fields are inline strings here.
                if (key == "default" && value is JsonObject)
                {
                    continue;
                }

                field[key] = value?.DeepClone();
            }
        }
    }

    private static JsonObject Field(JsonObject schemas, Type type, string package)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new JsonObject { ["type"] = "string" };
        }

        if (type == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = type == typeof(int) ? "int32" : "int64" };
        }

        if (type == typeof(double) || type == typeof(float))
        {
            return new JsonObject { ["type"] = "number", ["format"] = "double" };
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "date-time" };
        }

        if (type == typeof(byte[]))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "byte" };
        }

        var dictionary = type.IsGenericType ? type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>)) : null;
        if (dictionary is not null)
        {
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = Field(schemas, dictionary.GetGenericArguments()[1], package) };
        }

        var list = type.IsGenericType ? type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)) : null;
        if (list is not null)
        {
            return new JsonObject { ["type"] = "array", ["items"] = Field(schemas, list.GetGenericArguments()[0], package) };
        }

        if (type.Namespace == typeof(V1ObjectMeta).Namespace && type.IsClass && !typeof(IEnumerable).IsAssignableFrom(type))
        {
            var name = Add(schemas, type, package);
            return new JsonObject { ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/components/schemas/" + name }), ["default"] = new JsonObject() };
        }

        // Free-form values (runtime.RawExtension, JSON).
        return new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
    }

    private static string JsonName(PropertyInfo property) => property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? property.Name;

    /// <summary>The summaries of the client's model types and properties, from KubernetesClient.xml beside the assembly.</summary>
    private static FrozenDictionary<string, string> LoadDescriptions()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var assembly = typeof(V1ObjectMeta).Assembly.Location;
        var path = string.IsNullOrEmpty(assembly) ? null : Path.ChangeExtension(assembly, ".xml");
        if (path is null || !File.Exists(path))
        {
            path = Path.Combine(AppContext.BaseDirectory, "KubernetesClient.xml");
        }

        if (!File.Exists(path))
        {
            return result.ToFrozenDictionary(StringComparer.Ordinal);
        }

        try
        {
            using var reader = System.Xml.XmlReader.Create(path, new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit, IgnoreComments = true });
            while (reader.ReadToFollowing("member"))
            {
                var name = reader.GetAttribute("name");
                if (name is null || !(name.StartsWith("T:k8s.Models.", StringComparison.Ordinal) || name.StartsWith("P:k8s.Models.", StringComparison.Ordinal)))
                {
                    continue;
                }

                using var member = reader.ReadSubtree();
                if (member.ReadToDescendant("summary"))
                {
                    var text = member.ReadElementContentAsString();
                    result[name] = Paragraphs(text);
                }
            }
        }
        catch (System.Xml.XmlException)
        {
            // Documentation is optional: the schemas stay valid without descriptions.
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Rejoins the summary's lines: blank lines separate paragraphs, the other breaks are the generator's wrapping.</summary>
    private static string Paragraphs(string text)
    {
        var paragraphs = new List<string>();
        var current = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0)
            {
                if (current.Count > 0)
                {
                    paragraphs.Add(string.Join(' ', current));
                    current.Clear();
                }

                continue;
            }

            current.Add(trimmed);
        }

        if (current.Count > 0)
        {
            paragraphs.Add(string.Join(' ', current));
        }

        return string.Join("\n\n", paragraphs);
    }

    [GeneratedRegex("^(?:Corev1|Eventsv1|Discoveryv1|Storagev1)?(?<version>V\\d+(?:alpha\\d+|beta\\d+)?)?", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPrefix();
}
