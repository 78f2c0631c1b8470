using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Csrs.Serving;

namespace BootstrapPortal.Core.Tests.Csrs;

public class CsrPolicyOptionsValidatorTests
{
    [Fact]
    public void Defaults_are_valid_and_the_approver_is_off()
    {
        var options = new CsrPolicyOptions();
        Assert.True(new CsrPolicyOptionsValidator().Validate(null, options).Succeeded);
        Assert.False(options.Serving.ToPolicy().Enabled);
        Assert.Equal(ServingPolicy.Default, options.Serving.ToPolicy() with { AllowedIpPrefixes = ServingPolicy.Default.AllowedIpPrefixes });
    }

    [Fact]
    public void Serving_policy_and_rejoin_settings_are_validated_with_their_keys()
    {
        var options = new CsrPolicyOptions
        {
            RejoinNotReadyAfter = TimeSpan.FromSeconds(10),
            ServingPolicyNamespace = "Not_A_Namespace",
            ServingPolicyConfigMap = "",
            Serving = new ServingPolicySettings { NodeNamePattern = "(", AllowedIpPrefixes = ["10.0.0.0/8", "10.0.0.1/8"], MaxDnsNames = -1, DnsTimeoutSeconds = 0 },
        };
        var result = new CsrPolicyOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        foreach (var key in new[]
        {
            "CsrPolicy:RejoinNotReadyAfter", "CsrPolicy:ServingPolicyNamespace", "CsrPolicy:ServingPolicyConfigMap", "CsrPolicy:Serving:NodeNamePattern",
            "CsrPolicy:Serving:AllowedIpPrefixes:1", "CsrPolicy:Serving:MaxDnsNames", "CsrPolicy:Serving:DnsTimeoutSeconds",
        })
        {
            Assert.Contains(key, result.FailureMessage, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("CsrPolicy:Serving:AllowedIpPrefixes:0", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5, 4, "x", "MaxRequestedLifetime")]
    [InlineData(60, 0, "x", "BulkConcurrency")]
    [InlineData(60, 33, "x", "BulkConcurrency")]
    [InlineData(60, 4, " ", "PolicyActor")]
    public void Invalid_values_are_named(int lifetimeMinutes, int concurrency, string actor, string field)
    {
        var result = new CsrPolicyOptionsValidator().Validate(null,
            new CsrPolicyOptions { MaxRequestedLifetime = TimeSpan.FromMinutes(lifetimeMinutes), BulkConcurrency = concurrency, PolicyActor = actor });
        Assert.True(result.Failed);
        Assert.Contains("CsrPolicy:" + field, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "A reason is required.")]
    [InlineData("   ", "A reason is required.")]
    [InlineData("two\nlines", "The reason must be one line of text without control characters.")]
    [InlineData("fine", null)]
    public void Reasons_are_validated(string? reason, string? expected) =>
        Assert.Equal(expected, CsrDecisionText.ValidateReason(reason));

    [Fact]
    public void The_condition_message_names_reason_and_actor() =>
        Assert.Equal("checked (by alice@example.com via BootstrapPortal)", CsrDecisionText.Message(" checked ", "alice@example.com"));
}
