using BootstrapPortal.Core.Access;

namespace BootstrapPortal.Core.Tests.Access;

/// <summary>The one role table: what each role may do, and what an actor without the role is refused.</summary>
public sealed class PortalRolesTests
{
    public static TheoryData<PortalRole, PortalPermission, bool> Matrix()
    {
        var data = new TheoryData<PortalRole, PortalPermission, bool>();
        foreach (var permission in Enum.GetValues<PortalPermission>())
        {
            data.Add(PortalRole.Viewer, permission, permission == PortalPermission.ReadCluster);
            data.Add(PortalRole.Approver, permission, permission is PortalPermission.ReadCluster or PortalPermission.DecideCsrs);
            data.Add(PortalRole.Admin, permission, true);
            data.Add(PortalRole.Provisioner, permission, permission is PortalPermission.CreateTokens or PortalPermission.CreateKubeconfigs);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Each_role_grants_exactly_its_permissions(PortalRole role, PortalPermission permission, bool expected)
    {
        Assert.Equal(expected, PortalRoles.Grants(role, permission));
        var actor = new PortalActor("someone", PortalActorKind.Person, [], [role]);
        Assert.Equal(expected, actor.Can(permission));
        if (expected)
        {
            actor.Demand(permission);
        }
        else
        {
            var refused = Assert.Throws<PortalAccessDeniedException>(() => actor.Demand(permission));
            Assert.Equal(PortalRoles.LeastRoleFor(permission), refused.RequiredRole);
            Assert.Contains(refused.RequiredRole.ToString(), refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_actor_without_roles_may_do_nothing_and_the_provisioner_alone_cannot_use_the_console()
    {
        var nobody = new PortalActor("nobody", PortalActorKind.Person, ["some-group"], []);
        Assert.All(Enum.GetValues<PortalPermission>(), p => Assert.False(nobody.Can(p)));
        Assert.False(PortalRoles.CanUseConsole([PortalRole.Provisioner]));
        Assert.True(PortalRoles.CanUseConsole([PortalRole.Provisioner, PortalRole.Viewer]));
        Assert.True(PortalActor.Local.Can(PortalPermission.ManagePolicy));
        Assert.False(PortalActor.Local.IsAuthenticatedIdentity);
    }

    [Fact]
    public void Names_with_control_characters_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new PortalActor("evil\nname", PortalActorKind.Person, [], []));
    }
}
