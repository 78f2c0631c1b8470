using BootstrapPortal.Core.Tokens;

namespace BootstrapPortal.Core.Tests.Tokens;

public sealed class CreateTokenRequestValidatorTests
{
    private static readonly TokenOptions Options = new();

    [Fact]
    public void Defaults_are_kubeadms()
    {
        var v = CreateTokenRequestValidator.Validate(new CreateTokenRequest(), Options);
        Assert.Equal(TimeSpan.FromHours(24), v.Ttl);
        Assert.Equal(["authentication", "signing"], v.Usages);
        Assert.Equal(["system:bootstrappers:kubeadm:default-node-token"], v.Groups);
        Assert.Null(v.Description);
        Assert.Null(v.NodeName);
        Assert.False(v.OneTime);
    }

    [Fact]
    public void Explicit_values_are_kept_deduplicated_and_an_empty_group_list_means_none()
    {
        var v = CreateTokenRequestValidator.Validate(new CreateTokenRequest(
            Ttl: TimeSpan.FromHours(2), Description: "  hi  ", Groups: [], Usages: ["signing", "signing"], NodeName: "node-1.example.com", OneTime: true), Options);
        Assert.Equal(TimeSpan.FromHours(2), v.Ttl);
        Assert.Equal("hi", v.Description);
        Assert.Empty(v.Groups);
        Assert.Equal(["signing"], v.Usages);
        Assert.Equal("node-1.example.com", v.NodeName);
        Assert.True(v.OneTime);
    }

    public static TheoryData<CreateTokenRequest, string> Bad => new()
    {
        { new CreateTokenRequest(Ttl: TimeSpan.Zero), "ttl" },
        { new CreateTokenRequest(Ttl: TimeSpan.FromSeconds(-5)), "ttl" },
        { new CreateTokenRequest(Ttl: TimeSpan.FromDays(30) + TimeSpan.FromSeconds(1)), "ttl" },
        { new CreateTokenRequest(NeverExpires: true), "ttl" },
        { new CreateTokenRequest(Groups: ["system:bootstrappers"]), "groups" },
        { new CreateTokenRequest(Groups: ["system:bootstrappers:"]), "groups" },
        { new CreateTokenRequest(Groups: ["system:bootstrappers:Upper"]), "groups" },
        { new CreateTokenRequest(Groups: ["system:masters"]), "groups" },
        { new CreateTokenRequest(Usages: []), "usages" },
        { new CreateTokenRequest(Usages: ["Authentication"]), "usages" },
        { new CreateTokenRequest(NodeName: "UPPER"), "nodeName" },
        { new CreateTokenRequest(NodeName: "a_b"), "nodeName" },
        { new CreateTokenRequest(NodeName: "-a"), "nodeName" },
        { new CreateTokenRequest(NodeName: new string('a', 254)), "nodeName" },
        { new CreateTokenRequest(Description: new string('d', 1025)), "description" },
        { new CreateTokenRequest(OneTime: true), "oneTime" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void Bad_requests_name_the_field(CreateTokenRequest request, string field)
    {
        var ex = Assert.Throws<TokenValidationException>(() => CreateTokenRequestValidator.Validate(request, Options));
        Assert.Equal(field, ex.Field);
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
    }

    [Fact]
    public void Never_expiring_tokens_only_when_allowed()
    {
        var allowed = new TokenOptions { AllowNeverExpiring = true };
        Assert.Null(CreateTokenRequestValidator.Validate(new CreateTokenRequest(NeverExpires: true), allowed).Ttl);
        Assert.Equal("ttl", Assert.Throws<TokenValidationException>(() =>
            CreateTokenRequestValidator.Validate(new CreateTokenRequest(Ttl: TimeSpan.FromHours(1), NeverExpires: true), allowed)).Field);
    }

    [Fact]
    public void The_maximum_ttl_is_accepted_exactly()
    {
        Assert.Equal(TimeSpan.FromDays(30), CreateTokenRequestValidator.Validate(new CreateTokenRequest(Ttl: TimeSpan.FromDays(30)), Options).Ttl);
    }
}
