using BootstrapPortal.Core.Access;
using BootstrapPortal.Core.Cluster;

namespace BootstrapPortal.Core.Tests.Access;

public sealed class KubernetesImpersonationTests
{
    private static KubernetesImpersonation Create(bool on) =>
        new(new StaticOptionsMonitor<KubernetesConnectionOptions>(new KubernetesConnectionOptions { ImpersonateUsers = on }));

    private static readonly PortalActor Person = new("alice", PortalActorKind.Person, ["team-a", "team-b"], [PortalRole.Admin]);

    [Fact]
    public void Off_by_default_and_never_for_local_mode_or_the_portal_itself()
    {
        Assert.Null(Create(on: false).HeadersFor(Person));
        Assert.Null(Create(on: true).HeadersFor(PortalActor.Local));
        Assert.Null(Create(on: true).HeadersFor(PortalActor.Portal("serving-policy-approver")));
    }

    [Fact]
    public void A_person_or_script_is_sent_as_user_with_one_value_per_group()
    {
        var headers = Create(on: true).HeadersFor(Person)!;
        Assert.Equal(["alice"], headers[KubernetesImpersonation.UserHeader]);
        Assert.Equal(["team-a", "team-b"], headers[KubernetesImpersonation.GroupHeader]);
        var script = new PortalActor("ci-bot", PortalActorKind.Script, [], [PortalRole.Provisioner]);
        var scriptHeaders = Create(on: true).HeadersFor(script)!;
        Assert.Equal(["ci-bot"], scriptHeaders[KubernetesImpersonation.UserHeader]);
        Assert.False(scriptHeaders.ContainsKey(KubernetesImpersonation.GroupHeader));
    }

    [Theory]
    [InlineData("system:admin", "ok")]
    [InlineData("josé", "ok")]
    [InlineData("alice", "system:masters")]
    [InlineData("alice", "a,b")]
    [InlineData("alice", "gruppe-ü")]
    public void Names_the_api_server_would_read_differently_are_refused_not_sent(string name, string group)
    {
        var actor = new PortalActor(name, PortalActorKind.Person, [group], [PortalRole.Admin]);
        Assert.Throws<ImpersonationException>(() => Create(on: true).HeadersFor(actor));
    }
}
