using BootstrapPortal.Core.Rbac;
using BootstrapPortal.Sandbox.Server;
using Microsoft.AspNetCore.Http;

namespace BootstrapPortal.Sandbox.Auth;

/// <summary>Impersonation headers (k8s.io/apiserver <c>pkg/endpoints/filters/impersonation/impersonation.go</c>).</summary>
internal static class Impersonation
{
    private const string UserHeader = "Impersonate-User";
    private const string GroupHeader = "Impersonate-Group";
    private const string UidHeader = "Impersonate-Uid";
    private const string ExtraPrefix = "Impersonate-Extra-";
    private const string ServiceAccountPrefix = "system:serviceaccount:";

    /// <summary>Returns the impersonated user (each attribute authorized for <paramref name="realUser"/> with verb impersonate), or the real user.</summary>
    public static SandboxUser Apply(HttpRequest request, SandboxUser realUser, SandboxAuthorizer authorizer)
    {
        var userName = request.Headers[UserHeader].ToString();
        var groups = request.Headers[GroupHeader].SelectMany(v => (v ?? string.Empty).Split(',')).Select(g => g.Trim()).Where(g => g.Length > 0).ToList();
        var uid = request.Headers[UidHeader].ToString();
        var extras = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var header in request.Headers.Where(h => h.Key.StartsWith(ExtraPrefix, StringComparison.OrdinalIgnoreCase)))
        {
            var key = Uri.UnescapeDataString(header.Key[ExtraPrefix.Length..]).ToLowerInvariant();
            extras[key] = [.. header.Value.SelectMany(v => (v ?? string.Empty).Split(',')).Select(v => v.Trim())];
        }

        if (userName.Length == 0)
        {
            if (groups.Count > 0 || uid.Length > 0 || extras.Count > 0)
            {
                var requested = new List<string>();
                requested.AddRange(groups.Select(g => $"{{Group  {g}}}"));
                if (uid.Length > 0)
                {
                    requested.Add($"{{UID  {uid}}}");
                }

                requested.AddRange(extras.SelectMany(e => e.Value.Select(v => $"{{{e.Key}  {v}}}")));
                throw ApiException.BadRequest($"requested [{string.Join(" ", requested)}] without impersonating a user");
            }

            return realUser;
        }

        void Check(string apiGroup, string resource, string? subresource, string name, string? ns)
        {
            var attributes = RbacRequest.ForResource(realUser.Name, realUser.Groups, "impersonate", apiGroup, resource, subresource, name, ns);
            authorizer.Require(attributes);
        }

        if (userName.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal) && userName.Split(':').Length == 4)
        {
            var parts = userName.Split(':');
            Check(string.Empty, "serviceaccounts", null, parts[3], parts[2]);
            if (groups.Count == 0)
            {
                groups = ["system:serviceaccounts", "system:serviceaccounts:" + parts[2]];
            }
        }
        else
        {
            Check(string.Empty, "users", null, userName, null);
        }

        foreach (var group in groups)
        {
            Check(string.Empty, "groups", null, group, null);
        }

        if (uid.Length > 0)
        {
            Check("authentication.k8s.io", "uids", null, uid, null);
        }

        foreach (var (key, values) in extras)
        {
            foreach (var value in values)
            {
                Check("authentication.k8s.io", "userextras", key, value, null);
            }
        }

        IReadOnlyList<string> finalGroups = userName == SandboxUser.Anonymous
            ? (groups.Contains(SandboxUser.UnauthenticatedGroup) ? groups : [.. groups, SandboxUser.UnauthenticatedGroup])
            : SandboxUser.WithAuthenticatedGroup(userName, groups);
        return new SandboxUser(userName, uid.Length > 0 ? uid : null, finalGroups, extras);
    }
}
