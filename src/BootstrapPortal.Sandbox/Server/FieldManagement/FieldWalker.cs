using System.Text.Json.Nodes;

namespace BootstrapPortal.Sandbox.Server.FieldManagement;

/// <summary>
/// The walks of structured-merge-diff over an object and its schema: the field set of an applied configuration
/// (typed/tofieldset.go), the comparison of two versions (typed/compare.go, merge.go), the merge of a configuration into the
/// live object (typed/merge.go) and the removal of one path (typed/remove.go).
/// </summary>
internal static class FieldWalker
{
    /// <summary>
    /// The fields a configuration sets: every scalar, atomic value, list item and map entry; a declared struct field only when
    /// it is null or an empty object.
    /// </summary>
    public static FieldSet ToFieldSet(JsonNode? value, FieldSchema schema)
    {
        var set = new FieldSet();
        Collect(value, schema, [], set);
        return set;
    }

    private static void Collect(JsonNode? value, FieldSchema schema, string[] path, FieldSet set)
    {
        if (schema.IsLeaf)
        {
            set.Insert(path);
            return;
        }

        switch (schema.Kind)
        {
            case FieldKind.List when value is JsonArray list:
                foreach (var item in list)
                {
                    var element = Element(schema, item);
                    if (element is null)
                    {
                        continue;
                    }

                    string[] itemPath = [.. path, element];
                    if (schema.ListKind == ListKind.Map)
                    {
                        Collect(item, schema.Element!, itemPath, set);
                    }

                    set.Insert(itemPath);
                }

                break;
            case FieldKind.Struct or FieldKind.Map when value is JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    var childSchema = schema.FieldOf(name);
                    if (childSchema is null)
                    {
                        continue;
                    }

                    string[] childPath = [.. path, FieldSet.Field(name)];
                    if (child is null)
                    {
                        set.Insert(childPath);
                        continue;
                    }

                    Collect(child, childSchema, childPath, set);
                    if (child is JsonObject { Count: 0 } || !schema.Declares(name))
                    {
                        set.Insert(childPath);
                    }
                }

                break;
        }
    }

    /// <summary>The paths added, modified and removed from <paramref name="old"/> to <paramref name="updated"/>.</summary>
    public static (FieldSet Added, FieldSet Modified, FieldSet Removed) Compare(JsonNode? old, JsonNode? updated, FieldSchema schema)
    {
        var result = (Added: new FieldSet(), Modified: new FieldSet(), Removed: new FieldSet());
        CompareNode(old, updated, schema, [], result);
        return result;
    }

    private static void CompareNode(JsonNode? old, JsonNode? updated, FieldSchema schema, string[] path, (FieldSet Added, FieldSet Modified, FieldSet Removed) result)
    {
        if (schema.IsLeaf)
        {
            if (old is null && updated is not null)
            {
                result.Added.Insert(path);
            }
            else if (old is not null && updated is null)
            {
                result.Removed.Insert(path);
            }
            else if (!JsonNode.DeepEquals(old, updated))
            {
                result.Modified.Insert(path);
            }

            return;
        }

        switch (schema.Kind)
        {
            case FieldKind.List:
                var oldItems = Items(schema, old as JsonArray);
                var newItems = Items(schema, updated as JsonArray);
                foreach (var element in oldItems.Keys.Union(newItems.Keys))
                {
                    var before = oldItems.GetValueOrDefault(element);
                    var after = newItems.GetValueOrDefault(element);
                    string[] itemPath = [.. path, element];
                    if (schema.ListKind == ListKind.Map)
                    {
                        CompareNode(before, after, schema.Element!, itemPath, result);
                    }

                    if (!oldItems.ContainsKey(element))
                    {
                        result.Added.Insert(itemPath);
                    }
                    else if (!newItems.ContainsKey(element))
                    {
                        result.Removed.Insert(itemPath);
                    }
                }

                break;
            case FieldKind.Struct or FieldKind.Map:
                var oldObject = old as JsonObject;
                var newObject = updated as JsonObject;
                var names = (oldObject?.Select(p => p.Key) ?? []).Union(newObject?.Select(p => p.Key) ?? []).ToList();
                foreach (var name in names)
                {
                    var childSchema = schema.FieldOf(name);
                    if (childSchema is null)
                    {
                        continue;
                    }

                    var before = oldObject?[name];
                    var after = newObject?[name];
                    string[] childPath = [.. path, FieldSet.Field(name)];
                    CompareNode(before, after, childSchema, childPath, result);
                    if (!childSchema.IsLeaf)
                    {
                        if (before is null && after is not null)
                        {
                            result.Added.Insert(childPath);
                        }
                        else if (before is not null && after is null)
                        {
                            result.Removed.Insert(childPath);
                        }
                    }
                }

                break;
        }
    }

    /// <summary>Merges an applied configuration into the live object: configuration values win, granular maps and associative lists merge.</summary>
    public static JsonNode? Merge(JsonNode? live, JsonNode? config, FieldSchema schema)
    {
        if (config is null)
        {
            return null;
        }

        if (schema.IsLeaf || live is null)
        {
            return config.DeepClone();
        }

        switch (schema.Kind)
        {
            case FieldKind.List when live is JsonArray liveList && config is JsonArray configList:
                var merged = liveList.Select(i => i?.DeepClone()).ToList();
                var positions = new Dictionary<string, int>(StringComparer.Ordinal);
                for (var i = 0; i < merged.Count; i++)
                {
                    if (Element(schema, merged[i]) is { } element)
                    {
                        positions.TryAdd(element, i);
                    }
                }

                foreach (var item in configList)
                {
                    var element = Element(schema, item);
                    if (element is not null && positions.TryGetValue(element, out var index))
                    {
                        merged[index] = schema.ListKind == ListKind.Map ? Merge(merged[index], item, schema.Element!) : item?.DeepClone();
                    }
                    else
                    {
                        merged.Add(item?.DeepClone());
                    }
                }

                return new JsonArray([.. merged]);
            case FieldKind.Struct or FieldKind.Map when live is JsonObject liveObject && config is JsonObject configObject:
                var result = (JsonObject)liveObject.DeepClone();
                foreach (var (name, value) in configObject)
                {
                    var childSchema = schema.FieldOf(name) ?? FieldSchema.Scalar;
                    var child = Merge(result[name], value, childSchema);
                    if (child is null)
                    {
                        result.Remove(name);
                    }
                    else
                    {
                        result[name] = child;
                    }
                }

                return result;
            default:
                return config.DeepClone();
        }
    }

    /// <summary>Removes the node at <paramref name="path"/> from <paramref name="root"/>; a path that is not there is ignored.</summary>
    public static void Remove(JsonObject root, IReadOnlyList<string> path, FieldSchema schema)
    {
        JsonNode? node = root;
        var current = schema;
        for (var i = 0; i < path.Count; i++)
        {
            var element = path[i];
            var last = i == path.Count - 1;
            switch (node)
            {
                case JsonObject obj when element.StartsWith("f:", StringComparison.Ordinal):
                    var name = element[2..];
                    if (last)
                    {
                        obj.Remove(name);
                        return;
                    }

                    node = obj[name];
                    current = current.FieldOf(name) ?? FieldSchema.Scalar;
                    break;
                case JsonArray list when current.Kind == FieldKind.List:
                    var index = list.Select((item, n) => (item, n)).FirstOrDefault(p => Element(current, p.item) == element, (null, -1)).Item2;
                    if (index < 0)
                    {
                        return;
                    }

                    if (last)
                    {
                        list.RemoveAt(index);
                        return;
                    }

                    node = list[index];
                    current = current.Element ?? FieldSchema.Scalar;
                    break;
                default:
                    return;
            }
        }
    }

    private static Dictionary<string, JsonNode?> Items(FieldSchema schema, JsonArray? list)
    {
        var items = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var item in list ?? [])
        {
            if (Element(schema, item) is { } element)
            {
                items.TryAdd(element, item);
            }
        }

        return items;
    }

    /// <summary>The path element of a list item: its keys for an associative list, its value for a set.</summary>
    private static string? Element(FieldSchema list, JsonNode? item) => list.ListKind switch
    {
        ListKind.Map when item is JsonObject obj => FieldSet.Key(obj, list.Keys),
        ListKind.Set => FieldSet.Value(item),
        _ => null,
    };
}
