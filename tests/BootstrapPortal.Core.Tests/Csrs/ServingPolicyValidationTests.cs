using BootstrapPortal.Core.Csrs.Serving;

namespace BootstrapPortal.Core.Tests.Csrs;

/// <summary>Every field of the serving policy is validated and parsed totally: bad input names the field, never echoes it.</summary>
public class ServingPolicyValidationTests
{
    [Fact]
    public void The_default_policy_is_valid_and_round_trips_through_json()
    {
        Assert.Empty(ServingPolicyValidator.Validate(ServingPolicy.Default));
        var policy = ServingPolicy.Default with
        {
            Enabled = true,
            NodeNamePattern = "worker-[0-9]+",
            AllowedIpPrefixes = ["10.0.0.0/8", "fd00::/8"],
            MaxDnsNames = 2,
            MaxIpAddresses = 3,
            SansWithinNodeAddresses = false,
            ResolveDnsNames = true,
            DnsTimeoutSeconds = 1.5,
            MaxExpirationSeconds = 86400,
            OnlyExistingNodes = false,
        };
        Assert.True(ServingPolicyJson.TryParse(ServingPolicyJson.Serialize(policy), out var parsed, out var errors), string.Join("; ", errors));
        Assert.Equal(policy with { AllowedIpPrefixes = [] }, parsed! with { AllowedIpPrefixes = [] });
        Assert.Equal(policy.AllowedIpPrefixes, parsed.AllowedIpPrefixes);
    }

    public static TheoryData<string, string> InvalidFields => new()
    {
        { """{"nodeNamePattern": "(unclosed"}""", "nodeNamePattern" },
        { """{"nodeNamePattern": 5}""", "nodeNamePattern" },
        { """{"allowedIpPrefixes": ["10.0.0.0/8", "10.0.0.1/8"]}""", "allowedIpPrefixes[1]" },
        { """{"allowedIpPrefixes": ["not-an-ip"]}""", "allowedIpPrefixes[0]" },
        { """{"allowedIpPrefixes": ["10.0.0.0/33"]}""", "allowedIpPrefixes[0]" },
        { """{"allowedIpPrefixes": [7]}""", "allowedIpPrefixes[0]" },
        { """{"allowedIpPrefixes": "10.0.0.0/8"}""", "allowedIpPrefixes" },
        { """{"maxDnsNames": -1}""", "maxDnsNames" },
        { """{"maxDnsNames": 1.5}""", "maxDnsNames" },
        { """{"maxIpAddresses": 101}""", "maxIpAddresses" },
        { """{"maxDnsNames": 0, "maxIpAddresses": 0}""", "maxIpAddresses" },
        { """{"dnsTimeoutSeconds": 0}""", "dnsTimeoutSeconds" },
        { """{"dnsTimeoutSeconds": "2s"}""", "dnsTimeoutSeconds" },
        { """{"maxExpirationSeconds": 599}""", "maxExpirationSeconds" },
        { """{"maxExpirationSeconds": "1h"}""", "maxExpirationSeconds" },
        { """{"enabled": "yes"}""", "enabled" },
        { """{"onlyExistingNodes": 1}""", "onlyExistingNodes" },
        { """{"enabeld": true}""", "enabeld" },
        { """[1, 2]""", "$" },
        { """{"enabled": true""", "$" },
        { "", "$" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public void Invalid_input_names_the_field(string json, string field)
    {
        Assert.False(ServingPolicyJson.TryParse(json, out var policy, out var errors));
        Assert.Null(policy);
        Assert.Contains(errors, e => e.Field == field);
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
    }

    [Fact]
    public void Errors_never_echo_the_input()
    {
        const string Marker = "<script>alert(1)</script>";
        Assert.False(ServingPolicyJson.TryParse($$"""{"{{Marker}}": 1, "allowedIpPrefixes": ["{{Marker}}"]}""", out _, out var errors));
        Assert.All(errors, e => Assert.DoesNotContain(Marker, e.Field + e.Message, StringComparison.Ordinal));
        Assert.False(ServingPolicyJson.TryParse("{\"enabled\": " + Marker + "}", out _, out errors));
        Assert.All(errors, e => Assert.DoesNotContain(Marker, e.Field + e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_fields_take_their_defaults_and_null_clears_optional_ones()
    {
        Assert.True(ServingPolicyJson.TryParse("""{"enabled": true, "maxExpirationSeconds": null, "nodeNamePattern": null}""", out var policy, out _));
        Assert.Equal(ServingPolicy.Default with { Enabled = true }, policy! with { AllowedIpPrefixes = ServingPolicy.Default.AllowedIpPrefixes });
    }

    [Fact]
    public void A_pathological_pattern_counts_as_not_matching_instead_of_hanging()
    {
        var rules = ServingPolicyRules.Compile(ServingPolicy.Default with { NodeNamePattern = "(a+)+b" });
        Assert.False(rules.NodeNameMatches(new string('a', 5000) + "c"));
        Assert.True(rules.NodeNameMatches("aab"));
    }

    [Fact]
    public void The_pattern_must_match_the_whole_name()
    {
        var rules = ServingPolicyRules.Compile(ServingPolicy.Default with { NodeNamePattern = "worker-[0-9]+" });
        Assert.True(rules.NodeNameMatches("worker-12"));
        Assert.False(rules.NodeNameMatches("evil-worker-12"));
        Assert.False(rules.NodeNameMatches("worker-12.evil"));
    }

    [Fact]
    public void Invalid_policies_do_not_compile()
    {
        var error = Assert.Throws<ArgumentException>(() => ServingPolicyRules.Compile(ServingPolicy.Default with { MaxDnsNames = -5 }));
        Assert.Contains("maxDnsNames", error.Message, StringComparison.Ordinal);
    }
}
