using System.Text.Json;
using System.Text.Json.Nodes;

namespace BootstrapPortal.Sandbox.Server.FieldManagement;

/// <summary>
/// A set of field paths kept as the trie that <c>fieldsV1</c> serialises (sigs.k8s.io/structured-merge-diff fieldpath/set.go,
/// serialize.go). Path elements are written as in <c>fieldsV1</c>: <c>f:name</c> (a field), <c>k:{"type":"Ready"}</c> (an item of
/// an associative list by its keys), <c>v:"x"</c> (an item of a set). A node is a member when its path itself is in the set; it
/// is written <c>".": {}</c> when it also has children.
/// </summary>
internal sealed class FieldSet
{
    private readonly SortedDictionary<string, FieldSet> children = new(PathElementOrder.Instance);

    public bool Member { get; private set; }

    public bool IsEmpty => !Member && children.Count == 0;

    public IEnumerable<KeyValuePair<string, FieldSet>> Children => children;

    public static string Field(string name) => "f:" + name;

    public static string Value(JsonNode? value) => "v:" + (value?.ToJsonString() ?? "null");

    /// <summary>The element of an associative-list item: its key fields, sorted by name.</summary>
    public static string Key(JsonObject item, IReadOnlyList<string> keys)
    {
        var key = new JsonObject();
        foreach (var name in keys.Order(StringComparer.Ordinal))
        {
            key[name] = item[name]?.DeepClone();
        }

        return "k:" + key.ToJsonString();
    }

    public void Insert(IReadOnlyList<string> path)
    {
        var node = this;
        foreach (var element in path)
        {
            if (!node.children.TryGetValue(element, out var child))
            {
                child = new FieldSet();
                node.children[element] = child;
            }

            node = child;
        }

        node.Member = true;
    }

    public bool Contains(IReadOnlyList<string> path) => Find(path) is { Member: true };

    /// <summary>Whether a member lies strictly below <paramref name="path"/>.</summary>
    public bool HasMemberBelow(IReadOnlyList<string> path) => Find(path) is { } node && node.children.Values.Any(c => !c.IsEmpty);

    private FieldSet? Find(IReadOnlyList<string> path)
    {
        var node = this;
        foreach (var element in path)
        {
            if (!node.children.TryGetValue(element, out var child))
            {
                return null;
            }

            node = child;
        }

        return node;
    }

    /// <summary>Every member path, parents before their children.</summary>
    public IEnumerable<string[]> Paths() => Paths([]);

    private IEnumerable<string[]> Paths(string[] prefix)
    {
        if (Member && prefix.Length > 0)
        {
            yield return prefix;
        }

        foreach (var (element, child) in children)
        {
            foreach (var path in child.Paths([.. prefix, element]))
            {
                yield return path;
            }
        }
    }

    public FieldSet Union(FieldSet other)
    {
        var result = Clone();
        foreach (var path in other.Paths())
        {
            result.Insert(path);
        }

        return result;
    }

    public FieldSet Intersection(FieldSet other) => Where(other.Contains);

    public FieldSet Difference(FieldSet other) => Where(p => !other.Contains(p));

    /// <summary>The members that are neither in <paramref name="other"/> nor below one of its members.</summary>
    public FieldSet RecursiveDifference(FieldSet other) =>
        Where(p => !Enumerable.Range(1, p.Length).Any(n => other.Contains(p[..n])));

    private FieldSet Where(Func<string[], bool> keep)
    {
        var result = new FieldSet();
        foreach (var path in Paths().Where(keep))
        {
            result.Insert(path);
        }

        return result;
    }

    public FieldSet Clone() => Where(_ => true);

    public bool SetEquals(FieldSet other) => Difference(other).IsEmpty && other.Difference(this).IsEmpty;

    /// <summary>The <c>fieldsV1</c> object (k8s.io/apimachinery pkg/apis/meta/v1 FieldsV1).</summary>
    public JsonObject ToFieldsV1()
    {
        var result = new JsonObject();
        if (Member && children.Count > 0)
        {
            result["."] = new JsonObject();
        }

        foreach (var (element, child) in children)
        {
            if (!child.IsEmpty)
            {
                result[element] = child.ToFieldsV1();
            }
        }

        return result;
    }

    /// <summary>Reads a <c>fieldsV1</c> object; anything that is not one yields the elements it can read.</summary>
    public static FieldSet FromFieldsV1(JsonNode? node)
    {
        var set = new FieldSet();
        Read(set, node as JsonObject, []);
        return set;
    }

    private static void Read(FieldSet set, JsonObject? node, string[] prefix)
    {
        if (node is null)
        {
            return;
        }

        foreach (var (element, child) in node)
        {
            if (element == ".")
            {
                if (prefix.Length > 0)
                {
                    set.Insert(prefix);
                }

                continue;
            }

            string[] path = [.. prefix, element];
            if (child is JsonObject { Count: 0 })
            {
                set.Insert(path);
            }
            else
            {
                Read(set, child as JsonObject, path);
            }
        }
    }

    /// <summary>A path as structured-merge-diff prints it: <c>.status.conditions[type="Approved"]</c>, <c>.spec.podCIDRs[="10.0.0.0/24"]</c>.</summary>
    public static string Display(IReadOnlyList<string> path) => string.Concat(path.Select(DisplayElement));

    private static string DisplayElement(string element)
    {
        var text = element.Length > 2 ? element[2..] : string.Empty;
        switch (element[..Math.Min(2, element.Length)])
        {
            case "f:":
                return "." + text;
            case "v:":
                return "[=" + text + "]";
            case "i:":
                return "[" + text + "]";
            case "k:":
                try
                {
                    var key = JsonNode.Parse(text) as JsonObject;
                    return key is null ? element : "[" + string.Join(",", key.Select(p => p.Key + "=" + (p.Value?.ToJsonString() ?? "null"))) + "]";
                }
                catch (JsonException)
                {
                    return element;
                }

            default:
                return element;
        }
    }

    /// <summary>fieldpath.PathElement ordering: fields, then keys, then values, then indexes.</summary>
    private sealed class PathElementOrder : IComparer<string>
    {
        public static readonly PathElementOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var rank = Rank(x).CompareTo(Rank(y));
            return rank != 0 ? rank : string.CompareOrdinal(x, y);
        }

        private static int Rank(string? element) => element switch
        {
            null => 4,
            _ when element.StartsWith("f:", StringComparison.Ordinal) => 0,
            _ when element.StartsWith("k:", StringComparison.Ordinal) => 1,
            _ when element.StartsWith("v:", StringComparison.Ordinal) => 2,
            _ => 3,
        };
    }
}
