using BootstrapPortal.Core.Access;

namespace BootstrapPortal.Web.Authentication;

/// <summary>
/// Configuration section <c>Authorization:Roles</c>: for each portal role, the identity-provider groups that hold it
/// (a person with several matching groups has every matching role).
/// </summary>
public sealed class RoleMappingOptions
{
    public const string SectionName = "Authorization:Roles";

    public List<string> Viewer { get; set; } = [];

    public List<string> Approver { get; set; } = [];

    public List<string> Admin { get; set; } = [];

    public List<string> Provisioner { get; set; } = [];

    public IReadOnlyList<string> GroupsFor(PortalRole role) => role switch
    {
        PortalRole.Viewer => Viewer,
        PortalRole.Approver => Approver,
        PortalRole.Admin => Admin,
        PortalRole.Provisioner => Provisioner,
        _ => [],
    };

    /// <summary>The roles held by someone in <paramref name="groups"/> (exact, case-sensitive group names, as Kubernetes compares them).</summary>
    public IReadOnlyList<PortalRole> RolesFor(IEnumerable<string> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var set = groups.ToHashSet(StringComparer.Ordinal);
        return [.. Enum.GetValues<PortalRole>().Where(r => GroupsFor(r).Any(set.Contains))];
    }
}
