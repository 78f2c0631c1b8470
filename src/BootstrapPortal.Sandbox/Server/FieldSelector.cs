using System.Text.Json;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>Field selector (<c>f=v</c>, <c>f==v</c>, <c>f!=v</c>; comma = AND) over the fields a resource supports (k8s.io/apiserver pkg/endpoints/handlers/get.go).</summary>
internal sealed class FieldSelector
{
    private readonly List<(string Field, bool Equal, string Value)> terms;

    private FieldSelector(List<(string Field, bool Equal, string Value)> terms) => this.terms = terms;

    public static FieldSelector Everything { get; } = new([]);

    /// <summary>The <c>metadata.name=x</c> value, when the selector pins one name.</summary>
    public string? RequiredName => terms.FirstOrDefault(t => t.Field == "metadata.name" && t.Equal).Value;

    public static FieldSelector Parse(string? text, ResourceDefinition resource)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var result = new List<(string, bool, string)>();
        foreach (var part in text.Split(','))
        {
            string field;
            string value;
            bool equal;
            var ne = part.IndexOf("!=", StringComparison.Ordinal);
            var eq2 = part.IndexOf("==", StringComparison.Ordinal);
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (ne > 0)
            {
                (field, value, equal) = (part[..ne], part[(ne + 2)..], false);
            }
            else if (eq2 > 0)
            {
                (field, value, equal) = (part[..eq2], part[(eq2 + 2)..], true);
            }
            else if (eq > 0)
            {
                (field, value, equal) = (part[..eq], part[(eq + 1)..], true);
            }
            else
            {
                throw ApiException.BadRequest($"invalid selector: '{text}'; can't understand '{part}'");
            }

            field = field.Trim();
            var supported = field == "metadata.name" || (field == "metadata.namespace" && resource.Namespaced)
                || resource.ExtraFieldSelectors.Contains(field);
            if (!supported)
            {
                throw ApiException.BadRequest($"field label not supported: {field}");
            }

            result.Add((field, equal, value.Trim()));
        }

        return new FieldSelector(result);
    }

    public bool Matches(JsonElement obj)
    {
        foreach (var (field, equal, value) in terms)
        {
            var actual = field switch
            {
                "source" => Resolve(obj, "source.component"),
                "spec.unschedulable" => Resolve(obj, field) ?? "false",
                _ => Resolve(obj, field),
            } ?? string.Empty;
            if ((actual == value) != equal)
            {
                return false;
            }
        }

        return true;
    }

    private static string? Resolve(JsonElement obj, string path)
    {
        var current = obj;
        foreach (var segment in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment, out current))
            {
                return null;
            }
        }

        return current.ValueKind == JsonValueKind.String ? current.GetString() : current.GetRawText();
    }
}
