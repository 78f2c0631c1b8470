using System.Collections;
using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;

namespace BootstrapPortal.Sandbox.Server.FieldManagement;

/// <summary>What a node of an object is for field management (sigs.k8s.io/structured-merge-diff schema/elements.go).</summary>
internal enum FieldKind
{
    Scalar,
    Struct,
    Map,
    List,
}

/// <summary>How a list's items are told apart: not at all (atomic), by value (set) or by key fields (map).</summary>
internal enum ListKind
{
    Atomic,
    Set,
    Map,
}

/// <summary>
/// The schema of one node, built from the client model type and upstream's list/map extensions the way
/// k8s.io/kube-openapi pkg/schemaconv/smd.go converts OpenAPI: <c>x-kubernetes-list-type</c> wins; otherwise a list with
/// <c>patch-strategy: merge</c> is a map keyed by its <c>patch-merge-key</c>, or a set of scalars without one; every other list
/// is atomic. Maps and structs are granular unless <c>x-kubernetes-map-type: atomic</c>.
/// </summary>
internal sealed class FieldSchema
{
    private readonly Dictionary<string, FieldSchema> fields = new(StringComparer.Ordinal);

    private FieldSchema(FieldKind kind) => Kind = kind;

    public FieldKind Kind { get; private init; }

    /// <summary>An atomic struct or map: owned and replaced as a whole.</summary>
    public bool Atomic { get; private set; }

    public ListKind ListKind { get; private init; }

    public IReadOnlyList<string> Keys { get; private init; } = [];

    /// <summary>The items of a list or the values of a map.</summary>
    public FieldSchema? Element { get; private set; }

    /// <summary>Struct fields that are non-pointer structs in Go (<c>default: {}</c> upstream): present in an empty object.</summary>
    public IReadOnlySet<string> AlwaysPresent { get; private set; } = new HashSet<string>();

    /// <summary>A leaf for ownership: a scalar, or an atomic list, map or struct.</summary>
    public bool IsLeaf => Kind == FieldKind.Scalar || Atomic || (Kind == FieldKind.List && ListKind == ListKind.Atomic);

    public static readonly FieldSchema Scalar = new(FieldKind.Scalar);

    public FieldSchema? FieldOf(string name) => Kind switch
    {
        FieldKind.Struct => fields.GetValueOrDefault(name),
        FieldKind.Map => Element,
        _ => null,
    };

    public bool Declares(string name) => Kind == FieldKind.Struct && fields.ContainsKey(name);

    /// <summary>The schemas of every served kind, keyed by model type.</summary>
    public static IReadOnlyDictionary<Type, FieldSchema> Build(IEnumerable<ResourceDefinition> resources)
    {
        var cache = new Dictionary<Type, FieldSchema>();
        var result = new Dictionary<Type, FieldSchema>();
        foreach (var resource in resources)
        {
            result[resource.ModelType] = ForStruct(resource.ModelType, OpenApiSchemas.PackageOf(resource.Group), cache);
        }

        return result;
    }

    private static FieldSchema ForStruct(Type type, string package, Dictionary<Type, FieldSchema> cache)
    {
        if (cache.TryGetValue(type, out var cached))
        {
            return cached;
        }

        var name = OpenApiSchemas.SchemaName(type, package);
        var facts = SchemaFacts.Type(name);
        var schema = new FieldSchema(FieldKind.Struct) { Atomic = facts?["x-kubernetes-map-type"]?.GetValue<string>() == "atomic" };
        cache[type] = schema;
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name is not { } json)
            {
                continue;
            }

            var propertyFacts = SchemaFacts.Property(name, json);
            var field = ForType(property.PropertyType, package, propertyFacts, cache);
            schema.fields[json] = field;
            if (field.Kind == FieldKind.Struct && propertyFacts?["default"] is System.Text.Json.Nodes.JsonObject)
            {
                present.Add(json);
            }
        }

        schema.AlwaysPresent = present;
        return schema;
    }

    private static FieldSchema ForType(Type type, string package, System.Text.Json.Nodes.JsonObject? facts, Dictionary<Type, FieldSchema> cache)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsPrimitive || type == typeof(string) || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(byte[])
            || type == typeof(ResourceQuantity) || type == typeof(IntOrString) || type == typeof(object))
        {
            return Scalar;
        }

        var dictionary = type.IsGenericType ? type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>)) : null;
        if (dictionary is not null)
        {
            return new FieldSchema(FieldKind.Map)
            {
                Atomic = facts?["x-kubernetes-map-type"]?.GetValue<string>() == "atomic",
                Element = ForType(dictionary.GetGenericArguments()[1], package, null, cache),
            };
        }

        var list = type.IsGenericType ? type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)) : null;
        if (list is not null)
        {
            var element = ForType(list.GetGenericArguments()[0], package, null, cache);
            var listType = facts?["x-kubernetes-list-type"]?.GetValue<string>();
            var mergeKey = facts?["x-kubernetes-patch-merge-key"]?.GetValue<string>();
            var merge = facts?["x-kubernetes-patch-strategy"]?.GetValue<string>()?.Split(',').Contains("merge") == true;
            var keys = facts?["x-kubernetes-list-map-keys"] is System.Text.Json.Nodes.JsonArray k ? k.Select(n => n!.GetValue<string>()).ToList() : null;
            var kind = listType switch
            {
                "map" => ListKind.Map,
                "set" => ListKind.Set,
                "atomic" => ListKind.Atomic,
                _ when merge && mergeKey is not null => ListKind.Map,
                _ when merge && element.Kind == FieldKind.Scalar => ListKind.Set,
                _ => ListKind.Atomic,
            };
            return new FieldSchema(FieldKind.List)
            {
                ListKind = kind,
                Keys = keys ?? (mergeKey is null ? [] : [mergeKey]),
                Element = element,
            };
        }

        if (type.Namespace == typeof(V1ObjectMeta).Namespace && type.IsClass && !typeof(IEnumerable).IsAssignableFrom(type))
        {
            return ForStruct(type, package, cache);
        }

        return Scalar;
    }
}
