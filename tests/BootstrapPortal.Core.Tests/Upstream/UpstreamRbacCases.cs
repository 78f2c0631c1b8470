using System.Runtime.CompilerServices;
using System.Text.Json;
using BootstrapPortal.Core.Rbac;
using k8s.Models;

namespace BootstrapPortal.Core.Tests.Upstream;

/// <summary>
/// Reads the RBAC test tables of Kubernetes, transcribed as data into this folder (each file names its source, each case
/// its test): roles, bindings and requests in the shorthand of the Go tests ("User:admin", "Group:admins",
/// "ServiceAccount:ns/name").
/// </summary>
internal static class UpstreamRbacCases
{
    public static string Directory { get; } = Locate();

    public static JsonElement Load(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, file)));
        return document.RootElement.Clone();
    }

    public static V1PolicyRule Rule(JsonElement json) => new()
    {
        Verbs = Strings(json, "verbs"),
        ApiGroups = Strings(json, "apiGroups"),
        Resources = Strings(json, "resources"),
        ResourceNames = Strings(json, "resourceNames"),
        NonResourceURLs = Strings(json, "nonResourceURLs"),
    };

    public static Rbacv1Subject Subject(string shorthand)
    {
        var colon = shorthand.IndexOf(':', StringComparison.Ordinal);
        var kind = shorthand[..colon];
        var name = shorthand[(colon + 1)..];
        if (kind == RbacSubjects.ServiceAccountKind)
        {
            var slash = name.IndexOf('/', StringComparison.Ordinal);
            return new Rbacv1Subject { Kind = kind, NamespaceProperty = name[..slash], Name = name[(slash + 1)..] };
        }

        return new Rbacv1Subject { Kind = kind, ApiGroup = "rbac.authorization.k8s.io", Name = name };
    }

    /// <summary>The policy of one table entry (<c>clusterRoles</c>, <c>roles</c>, <c>clusterRoleBindings</c>, <c>roleBindings</c>).</summary>
    public static RbacPolicy Policy(JsonElement table, Func<JsonElement, V1PolicyRule>? rule = null)
    {
        rule ??= Rule;
        var clusterRoles = Array(table, "clusterRoles").Select(r => new V1ClusterRole
        {
            Metadata = new V1ObjectMeta { Name = r.GetProperty("name").GetString() },
            Rules = [.. r.GetProperty("rules").EnumerateArray().Select(rule)],
        });
        var roles = Array(table, "roles").Select(r => new V1Role
        {
            Metadata = new V1ObjectMeta { Name = r.GetProperty("name").GetString(), NamespaceProperty = r.GetProperty("namespace").GetString() },
            Rules = [.. r.GetProperty("rules").EnumerateArray().Select(rule)],
        });
        var clusterRoleBindings = Array(table, "clusterRoleBindings").Select(b => new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta(),
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = b.GetProperty("roleName").GetString() },
            Subjects = [.. b.GetProperty("subjects").EnumerateArray().Select(s => Subject(s.GetString()!))],
        });
        var roleBindings = Array(table, "roleBindings").Select(b => new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { NamespaceProperty = b.GetProperty("namespace").GetString() },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = b.GetProperty("roleKind").GetString(), Name = b.GetProperty("roleName").GetString() },
            Subjects = [.. b.GetProperty("subjects").EnumerateArray().Select(s => Subject(s.GetString()!))],
        });
        return new RbacPolicy(clusterRoles, clusterRoleBindings, roles, roleBindings);
    }

    /// <summary>An authorizer.Attributes of the tables: a resource request, or a non-resource one when it has a <c>path</c>.</summary>
    public static RbacRequest Request(JsonElement json)
    {
        var user = Text(json, "user") ?? string.Empty;
        IReadOnlyList<string> groups = json.TryGetProperty("groups", out var g) ? [.. g.EnumerateArray().Select(e => e.GetString()!)] : [];
        var verb = json.GetProperty("verb").GetString()!;
        if (Text(json, "path") is { } path)
        {
            return RbacRequest.ForPath(user, groups, verb, path);
        }

        return RbacRequest.ForResource(user, groups, verb, Text(json, "apiGroup") ?? string.Empty, Text(json, "resource") ?? string.Empty,
            Text(json, "subresource"), Text(json, "name"), Text(json, "namespace"));
    }

    public static string? Text(JsonElement json, string property) =>
        json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static IEnumerable<JsonElement> Array(JsonElement json, string property) =>
        json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];

    private static List<string>? Strings(JsonElement json, string property) =>
        json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray().Select(e => e.GetString()!)] : null;

    private static string Locate([CallerFilePath] string source = "") => Path.GetDirectoryName(source)!;
}
