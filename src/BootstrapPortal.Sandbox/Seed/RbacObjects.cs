using System.Text.Json.Nodes;

namespace BootstrapPortal.Sandbox.Seed;

/// <summary>Small builders for RBAC JSON objects.</summary>
internal static class RbacObjects
{
    public static JsonObject Rule(string[] verbs, string[] apiGroups, string[] resources, string[]? resourceNames = null)
    {
        var rule = new JsonObject { ["verbs"] = Array(verbs), ["apiGroups"] = Array(apiGroups), ["resources"] = Array(resources) };
        if (resourceNames is not null)
        {
            rule["resourceNames"] = Array(resourceNames);
        }

        return rule;
    }

    public static JsonObject NonResourceRule(string[] verbs, string[] urls) =>
        new() { ["verbs"] = Array(verbs), ["nonResourceURLs"] = Array(urls) };

    public static JsonObject ClusterRole(string name, bool bootstrapDefault, params JsonObject[] rules) => new()
    {
        ["kind"] = "ClusterRole",
        ["apiVersion"] = "rbac.authorization.k8s.io/v1",
        ["metadata"] = Metadata(name, null, bootstrapDefault),
        ["rules"] = new JsonArray([.. rules]),
    };

    public static JsonObject Role(string name, string ns, bool bootstrapDefault, params JsonObject[] rules) => new()
    {
        ["kind"] = "Role",
        ["apiVersion"] = "rbac.authorization.k8s.io/v1",
        ["metadata"] = Metadata(name, ns, bootstrapDefault),
        ["rules"] = new JsonArray([.. rules]),
    };

    public static JsonObject ClusterRoleBinding(string name, string clusterRole, bool bootstrapDefault, params JsonObject[] subjects)
    {
        var binding = new JsonObject
        {
            ["kind"] = "ClusterRoleBinding",
            ["apiVersion"] = "rbac.authorization.k8s.io/v1",
            ["metadata"] = Metadata(name, null, bootstrapDefault),
            ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = clusterRole },
        };
        if (subjects.Length > 0)
        {
            binding["subjects"] = new JsonArray([.. subjects]);
        }

        return binding;
    }

    public static JsonObject RoleBinding(string name, string ns, string roleKind, string role, bool bootstrapDefault, params JsonObject[] subjects) => new()
    {
        ["kind"] = "RoleBinding",
        ["apiVersion"] = "rbac.authorization.k8s.io/v1",
        ["metadata"] = Metadata(name, ns, bootstrapDefault),
        ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = roleKind, ["name"] = role },
        ["subjects"] = new JsonArray([.. subjects]),
    };

    public static JsonObject Group(string name) => new() { ["kind"] = "Group", ["apiGroup"] = "rbac.authorization.k8s.io", ["name"] = name };

    public static JsonObject User(string name) => new() { ["kind"] = "User", ["apiGroup"] = "rbac.authorization.k8s.io", ["name"] = name };

    public static JsonObject ServiceAccount(string name, string ns) => new() { ["kind"] = "ServiceAccount", ["name"] = name, ["namespace"] = ns };

    private static JsonObject Metadata(string name, string? ns, bool bootstrapDefault)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        if (bootstrapDefault)
        {
            metadata["labels"] = new JsonObject { ["kubernetes.io/bootstrapping"] = "rbac-defaults" };
            metadata["annotations"] = new JsonObject { ["rbac.authorization.kubernetes.io/autoupdate"] = "true" };
        }

        return metadata;
    }

    private static JsonArray Array(string[] values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
}
