using BootstrapPortal.Core.Access;
using Microsoft.AspNetCore.Authorization;

namespace BootstrapPortal.Web.Authentication;

/// <summary>Met when the acting <see cref="PortalActor"/>'s roles grant <see cref="Permission"/> (the one table, <see cref="PortalRoles"/>).</summary>
public sealed class PortalPermissionRequirement(PortalPermission permission) : IAuthorizationRequirement
{
    public PortalPermission Permission { get; } = permission;
}
