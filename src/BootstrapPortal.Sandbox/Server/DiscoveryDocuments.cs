using System.Text.Json.Nodes;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>
/// Discovery documents: the plain ones (<c>/api</c>, <c>/apis</c>, <c>/api/v1</c>, <c>/apis/&lt;g&gt;/&lt;v&gt;</c>, <c>/version</c>) and the
/// aggregated <c>apidiscovery.k8s.io/v2</c> <c>APIGroupDiscoveryList</c> that kubectl asks for first
/// (k8s.io/apiserver pkg/endpoints/discovery/aggregated/handler.go).
/// </summary>
internal static class DiscoveryDocuments
{
    public const string AggregatedContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    /// <summary>Whether <c>Accept</c> asks for the v2 aggregated document before any plain JSON.</summary>
    public static bool WantsAggregated(string accept)
    {
        foreach (var range in accept.Split(','))
        {
            var text = range.Replace(" ", string.Empty, StringComparison.Ordinal);
            if (text.Contains("as=APIGroupDiscoveryList", StringComparison.Ordinal) && text.Contains("g=apidiscovery.k8s.io", StringComparison.Ordinal))
            {
                if (text.Contains("v=v2;", StringComparison.Ordinal) || text.EndsWith("v=v2", StringComparison.Ordinal))
                {
                    return true;
                }

                continue;
            }

            return false;
        }

        return false;
    }

    /// <summary>The aggregated document for <c>/api</c> (core group only) or <c>/apis</c> (every other group).</summary>
    public static JsonObject Aggregated(bool core)
    {
        var items = new JsonArray();
        IReadOnlyList<string> groups = core ? [string.Empty] : ResourceCatalog.Groups;
        foreach (var group in groups)
        {
            var resources = new JsonArray();
            foreach (var resource in ResourceCatalog.InGroupVersion(group, "v1"))
            {
                var kind = new JsonObject { ["group"] = resource.Group, ["version"] = resource.Version, ["kind"] = resource.Kind };
                var entry = new JsonObject
                {
                    ["resource"] = resource.Plural,
                    ["responseKind"] = kind,
                    ["scope"] = resource.Namespaced ? "Namespaced" : "Cluster",
                    ["singularResource"] = resource.Singular,
                    ["verbs"] = new JsonArray([.. resource.Verbs.Select(v => (JsonNode)JsonValue.Create(v))]),
                };
                if (resource.ShortNames.Count > 0)
                {
                    entry["shortNames"] = new JsonArray([.. resource.ShortNames.Select(v => (JsonNode)JsonValue.Create(v))]);
                }

                if (resource.Subresources.Count > 0)
                {
                    entry["subresources"] = new JsonArray([.. resource.Subresources.Select(sub => (JsonNode)new JsonObject
                    {
                        ["subresource"] = sub,
                        ["responseKind"] = sub == "token"
                            ? new JsonObject { ["group"] = "authentication.k8s.io", ["version"] = "v1", ["kind"] = "TokenRequest" }
                            : kind.DeepClone(),
                        ["verbs"] = ResourceDefinition.IsCreateOnlySubresource(sub) ? new JsonArray("create")
                            : sub == "finalize" ? new JsonArray("update") : new JsonArray("get", "patch", "update"),
                    })]);
                }

                resources.Add(entry);
            }

            var metadata = new JsonObject { ["creationTimestamp"] = null };
            if (!core)
            {
                metadata = new JsonObject { ["name"] = group, ["creationTimestamp"] = null };
            }

            items.Add(new JsonObject
            {
                ["metadata"] = metadata,
                ["versions"] = new JsonArray(new JsonObject { ["version"] = "v1", ["resources"] = resources, ["freshness"] = "Current" }),
            });
        }

        return new JsonObject { ["kind"] = "APIGroupDiscoveryList", ["apiVersion"] = "apidiscovery.k8s.io/v2", ["metadata"] = new JsonObject(), ["items"] = items };
    }

    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "33",
        ["emulationMajor"] = "1",
        ["emulationMinor"] = "33",
        ["minCompatibilityMajor"] = "1",
        ["minCompatibilityMinor"] = "32",
        ["gitVersion"] = "v1.33.4",
        ["gitCommit"] = "74cdb426e9d1e6a2cbc4c1e7ab3a1d9b1a4f5e6d",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2025-08-12T18:26:11Z",
        ["goVersion"] = "go1.24.5",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject ApiVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject ApiGroupList()
    {
        var groups = new JsonArray();
        foreach (var group in ResourceCatalog.Groups)
        {
            groups.Add(ApiGroup(group));
        }

        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    public static JsonObject ApiGroup(string group)
    {
        var gv = new JsonObject { ["groupVersion"] = group + "/v1", ["version"] = "v1" };
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = group,
            ["versions"] = new JsonArray(gv),
            ["preferredVersion"] = gv.DeepClone(),
        };
    }

    public static JsonObject ResourceList(string group, string version)
    {
        var resources = new JsonArray();
        foreach (var resource in ResourceCatalog.InGroupVersion(group, version))
        {
            var entry = new JsonObject
            {
                ["name"] = resource.Plural,
                ["singularName"] = resource.Singular,
                ["namespaced"] = resource.Namespaced,
                ["kind"] = resource.Kind,
                ["verbs"] = new JsonArray([.. resource.Verbs.Select(v => (JsonNode)JsonValue.Create(v))]),
            };
            if (resource.ShortNames.Count > 0)
            {
                entry["shortNames"] = new JsonArray([.. resource.ShortNames.Select(v => (JsonNode)JsonValue.Create(v))]);
            }

            resources.Add(entry);
            foreach (var sub in resource.Subresources)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = resource.Plural + "/" + sub,
                    ["singularName"] = string.Empty,
                    ["namespaced"] = resource.Namespaced,
                    ["kind"] = sub == "token" ? "TokenRequest" : resource.Kind,
                    ["verbs"] = ResourceDefinition.IsCreateOnlySubresource(sub) ? new JsonArray("create")
                        : sub == "finalize" ? new JsonArray("update") : new JsonArray("get", "patch", "update"),
                });
                if (sub == "token")
                {
                    resources[^1]!["group"] = "authentication.k8s.io";
                    resources[^1]!["version"] = "v1";
                }
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : group + "/" + version,
            ["resources"] = resources,
        };
    }
}
