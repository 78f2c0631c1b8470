using System.Collections.Frozen;

namespace BootstrapPortal.Core.Access;

/// <summary>The one table of roles and permissions, used by the service layer, the API and the UI alike.</summary>
public static class PortalRoles
{
    private static readonly FrozenDictionary<PortalRole, FrozenSet<PortalPermission>> Table = new Dictionary<PortalRole, FrozenSet<PortalPermission>>
    {
        [PortalRole.Viewer] = new[] { PortalPermission.ReadCluster }.ToFrozenSet(),
        [PortalRole.Approver] = new[] { PortalPermission.ReadCluster, PortalPermission.DecideCsrs }.ToFrozenSet(),
        [PortalRole.Admin] = Enum.GetValues<PortalPermission>().ToFrozenSet(),
        [PortalRole.Provisioner] = new[] { PortalPermission.CreateTokens, PortalPermission.CreateKubeconfigs }.ToFrozenSet(),
    }.ToFrozenDictionary();

    /// <summary>Whether <paramref name="role"/> grants <paramref name="permission"/>.</summary>
    public static bool Grants(PortalRole role, PortalPermission permission) =>
        Table.TryGetValue(role, out var permissions) && permissions.Contains(permission);

    /// <summary>The least role that grants <paramref name="permission"/>, for "needs the X role" messages.</summary>
    public static PortalRole LeastRoleFor(PortalPermission permission) =>
        permission switch
        {
            PortalPermission.ReadCluster => PortalRole.Viewer,
            PortalPermission.DecideCsrs => PortalRole.Approver,
            _ => PortalRole.Admin,
        };

    /// <summary>Every role that grants <paramref name="permission"/>, least first.</summary>
    public static IReadOnlyList<PortalRole> RolesFor(PortalPermission permission) =>
        Enum.GetValues<PortalRole>().Where(r => Grants(r, permission)).ToArray();

    /// <summary>Whether a person with these roles may use the browser console (Provisioner alone is API-only).</summary>
    public static bool CanUseConsole(IEnumerable<PortalRole> roles) =>
        roles.Any(r => r is PortalRole.Viewer or PortalRole.Approver or PortalRole.Admin);
}
