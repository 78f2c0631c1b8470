using BootstrapPortal.Core.Cluster;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Core.Access;

/// <summary>
/// The <c>customHeaders</c> that make a Kubernetes request act as a <see cref="PortalActor"/>
/// (k8s.io/apiserver <c>pkg/endpoints/filters/impersonation.go</c>): with <c>Kubernetes:ImpersonateUsers</c> on, a signed-in
/// person or script is sent as <c>Impersonate-User</c> plus one <c>Impersonate-Group</c> value per group; local mode and the
/// portal itself act with the portal's own credentials (no headers). Headers are only ever built here from the actor, never
/// copied from an incoming request.
/// </summary>
public sealed class KubernetesImpersonation(IOptionsMonitor<KubernetesConnectionOptions> options)
{
    public const string UserHeader = "Impersonate-User";
    public const string GroupHeader = "Impersonate-Group";

    /// <summary>Whether writes for people are impersonated (<c>Kubernetes:ImpersonateUsers</c>).</summary>
    public bool Enabled => options.CurrentValue.ImpersonateUsers;

    /// <summary>
    /// The headers for a request made for <paramref name="actor"/>, or null to act as the portal. Throws
    /// <see cref="ImpersonationException"/> when the actor's name or a group cannot be sent as a header value (only printable
    /// ASCII travels unchanged); the write is then refused rather than made with the portal's broader identity.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? HeadersFor(PortalActor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!Enabled || !actor.IsAuthenticatedIdentity)
        {
            return null;
        }

        if (!IsHeaderSafe(actor.Name) || actor.Name.StartsWith("system:", StringComparison.Ordinal))
        {
            throw new ImpersonationException(actor.Name, $"The name \"{Printable(actor.Name)}\" cannot be impersonated in Kubernetes (it must be printable ASCII and not a system: identity).");
        }

        var groups = new List<string>(actor.Groups.Count);
        foreach (var group in actor.Groups)
        {
            // A group the API server would read as something else (another system: group, a list) is refused, not dropped:
            // dropping it could change what RBAC grants in surprising ways.
            if (!IsHeaderSafe(group) || group.Contains(',', StringComparison.Ordinal) || group.StartsWith("system:", StringComparison.Ordinal))
            {
                throw new ImpersonationException(actor.Name, $"The group \"{Printable(group)}\" of {actor.Name} cannot be impersonated in Kubernetes (it must be printable ASCII without commas and not a system: group).");
            }

            groups.Add(group);
        }

        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { [UserHeader] = [actor.Name] };
        if (groups.Count > 0)
        {
            headers[GroupHeader] = groups;
        }

        return headers;
    }

    private static bool IsHeaderSafe(string value) =>
        value.Length is > 0 and <= 1024 && value.All(c => c is >= ' ' and <= '~') && value.Trim().Length == value.Length;

    private static string Printable(string value)
    {
        var clipped = value.Length > 80 ? value[..80] + "…" : value;
        return new string(clipped.Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());
    }
}
