using System.Text.Json;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>Kubernetes label selector (<c>k=v</c>, <c>k==v</c>, <c>k!=v</c>, <c>k in (a,b)</c>, <c>k notin (a,b)</c>, <c>k</c>, <c>!k</c>; comma = AND).</summary>
internal sealed class LabelSelector
{
    private readonly List<(string Key, string Op, string[] Values)> requirements;

    private LabelSelector(List<(string Key, string Op, string[] Values)> requirements) => this.requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public bool IsEmpty => requirements.Count == 0;

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var result = new List<(string, string, string[])>();
        foreach (var part in SplitTopLevel(text))
        {
            var p = part.Trim();
            if (p.Length == 0)
            {
                throw ApiException.BadRequest($"unable to parse requirement: found '', expected: identifier");
            }

            if (p.StartsWith('!'))
            {
                result.Add((CheckKey(p[1..].Trim()), "!", []));
                continue;
            }

            var spaceIndex = p.IndexOf(' ', StringComparison.Ordinal);
            if (spaceIndex > 0)
            {
                var key = p[..spaceIndex];
                var rest = p[spaceIndex..].TrimStart();
                foreach (var op in new[] { "notin", "in" })
                {
                    if (rest.StartsWith(op, StringComparison.Ordinal) && rest[op.Length..].TrimStart().StartsWith('('))
                    {
                        var list = rest[op.Length..].Trim();
                        if (!list.EndsWith(')'))
                        {
                            throw ApiException.BadRequest($"unable to parse requirement: found '{list}', expected: ')'");
                        }

                        var values = list[1..^1].Split(',').Select(v => v.Trim()).ToArray();
                        result.Add((CheckKey(key.Trim()), op, values));
                        goto next;
                    }
                }
            }

            foreach (var op in new[] { "==", "!=", "=", ">", "<" })
            {
                var index = p.IndexOf(op, StringComparison.Ordinal);
                if (index > 0)
                {
                    result.Add((CheckKey(p[..index].Trim()), op == "==" ? "=" : op, [p[(index + op.Length)..].Trim()]));
                    goto next;
                }
            }

            result.Add((CheckKey(p), "exists", []));
        next:;
        }

        return new LabelSelector(result);
    }

    public bool Matches(JsonElement obj)
    {
        if (requirements.Count == 0)
        {
            return true;
        }

        JsonElement labels = default;
        var hasLabels = obj.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("labels", out labels) && labels.ValueKind == JsonValueKind.Object;
        foreach (var (key, op, values) in requirements)
        {
            string? value = null;
            if (hasLabels && labels.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String)
            {
                value = v.GetString();
            }

            var ok = op switch
            {
                "=" => value == values[0],
                "!=" => value != values[0],
                "in" => value is not null && values.Contains(value),
                "notin" => value is null || !values.Contains(value),
                "exists" => value is not null,
                "!" => value is null,
                ">" => value is not null && long.TryParse(value, out var a) && long.TryParse(values[0], out var b) && a > b,
                "<" => value is not null && long.TryParse(value, out var c) && long.TryParse(values[0], out var d) && c < d,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static string CheckKey(string key)
    {
        if (key.Length == 0 || key.Any(c => char.IsWhiteSpace(c) || c is '(' or ')' or '=' or '!' or ','))
        {
            throw ApiException.BadRequest($"unable to parse requirement: invalid label key \"{key}\"");
        }

        return key;
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(': depth++; break;
                case ')': depth--; break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return text[start..];
    }
}
