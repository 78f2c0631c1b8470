using System.Text.Json.Nodes;
using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Sandbox.Auth;
using BootstrapPortal.Sandbox.Storage;
using k8s;
using k8s.Models;

namespace BootstrapPortal.Sandbox.Server;

/// <summary>
/// RBAC's escalation prevention in the policy-based storages (k/k pkg/registry/rbac/role/policybased/storage.go,
/// clusterrole/…, rolebinding/…, clusterrolebinding/…): a Role or ClusterRole may only grant what the requester holds (unless
/// it may <c>escalate</c> it), a binding only a role whose rules the requester holds (unless it may <c>bind</c> it), an
/// aggregationRule needs cluster-admin's rights; <c>system:masters</c> is exempt. Refusals are 403 with the upstream text.
/// </summary>
internal static class RbacEscalation
{
    private const string RbacGroup = "rbac.authorization.k8s.io";

    private static readonly V1PolicyRule[] FullAuthority =
    [
        new() { Verbs = ["*"], ApiGroups = ["*"], Resources = ["*"] },
        new() { Verbs = ["*"], NonResourceURLs = ["*"] },
    ];

    public static void Check(SandboxAuthorizer authorizer, ObjectStore store, SandboxUser user, ResourceDefinition resource, string? ns, string name,
        JsonObject obj, JsonObject? old)
    {
        if (resource.Group != RbacGroup || user.Groups.Contains(SandboxUser.MastersGroup))
        {
            return;
        }

        if (old is not null && JsonNode.DeepEquals(Grants(resource, obj), Grants(resource, old)))
        {
            // Only metadata changed (IsOnlyMutatingGCFields and friends): nothing new is granted.
            return;
        }

        if (resource == ResourceCatalog.ClusterRoles || resource == ResourceCatalog.Roles)
        {
            if (authorizer.Authorize(RbacRequest.ForResource(user.Name, user.Groups, "escalate", RbacGroup, resource.Plural, null, name, ns)).Allowed)
            {
                return;
            }

            var rules = KubernetesJson.Deserialize<V1ClusterRole>(obj.ToJsonString()).Rules ?? [];
            Confirm(authorizer, user, resource, ns, name, rules);
            if (resource == ResourceCatalog.ClusterRoles && obj["aggregationRule"] is JsonObject
                && RbacRuleCoverage.Missing(authorizer.CurrentPolicy().RulesFor(user.Name, user.Groups, ns), FullAuthority).Count > 0)
            {
                throw ApiException.Forbidden(RbacGroup, resource.Plural, name, "must have cluster-admin privileges to use the aggregationRule");
            }

            return;
        }

        var roleRef = obj["roleRef"] as JsonObject ?? new JsonObject();
        var kind = roleRef["kind"]?.GetValue<string>() ?? string.Empty;
        var roleName = roleRef["name"]?.GetValue<string>() ?? string.Empty;
        var roleResource = kind == "ClusterRole" ? "clusterroles" : "roles";
        if (authorizer.Authorize(RbacRequest.ForResource(user.Name, user.Groups, "bind", roleRef["apiGroup"]?.GetValue<string>() ?? RbacGroup, roleResource, null, roleName, ns)).Allowed)
        {
            return;
        }

        var role = kind == "ClusterRole" ? store.Get(ResourceCatalog.ClusterRoles, null, roleName)
            : kind == "Role" && ns is not null ? store.Get(ResourceCatalog.Roles, ns, roleName) : null;
        if (role is null)
        {
            throw ApiException.Forbidden(RbacGroup, resource.Plural, name, $"{kind.ToLowerInvariant()}.{RbacGroup} {RbacRuleCoverage.Quote(roleName)} not found");
        }

        Confirm(authorizer, user, resource, ns, name, KubernetesJson.Deserialize<V1ClusterRole>(role.Json.GetRawText()).Rules ?? []);
    }

    private static JsonObject Grants(ResourceDefinition resource, JsonObject obj) =>
        resource == ResourceCatalog.ClusterRoles || resource == ResourceCatalog.Roles
            ? new JsonObject { ["rules"] = obj["rules"]?.DeepClone(), ["aggregationRule"] = obj["aggregationRule"]?.DeepClone() }
            : new JsonObject { ["roleRef"] = obj["roleRef"]?.DeepClone(), ["subjects"] = obj["subjects"]?.DeepClone() };

    private static void Confirm(SandboxAuthorizer authorizer, SandboxUser user, ResourceDefinition resource, string? ns, string name, IEnumerable<V1PolicyRule> rules)
    {
        var owned = authorizer.CurrentPolicy().RulesFor(user.Name, user.Groups, ns);
        var missing = RbacRuleCoverage.Missing(owned, rules);
        if (missing.Count == 0)
        {
            return;
        }

        var groups = "[" + string.Join(' ', user.Groups.Select(RbacRuleCoverage.Quote)) + "]";
        var descriptions = missing.Select(RbacRuleCoverage.CompactString).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        throw ApiException.Forbidden(RbacGroup, resource.Plural, name,
            $"user {RbacRuleCoverage.Quote(user.Name)} (groups={groups}) is attempting to grant RBAC permissions not currently held:\n{string.Join('\n', descriptions)}");
    }
}
