using BootstrapPortal.Core.Tokens;

namespace BootstrapPortal.Core.Tests.Tokens;

public sealed class TokenOptionsValidatorTests
{
    [Fact]
    public void Defaults_are_valid() => Assert.True(new TokenOptionsValidator().Validate(null, new TokenOptions()).Succeeded);

    [Fact]
    public void Each_problem_names_its_key()
    {
        var options = new TokenOptions { DefaultTtl = TimeSpan.FromDays(40), MaxTtl = TimeSpan.FromDays(30), ExpiringSoonThreshold = TimeSpan.FromHours(-1) };
        options.DefaultGroups.Add("system:nodes");
        var result = new TokenOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        var failures = result.Failures!.ToArray();
        Assert.Contains(failures, f => f.StartsWith("Tokens:DefaultTtl", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Tokens:ExpiringSoonThreshold", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Tokens:DefaultGroups", StringComparison.Ordinal));
    }

    [Fact]
    public void Non_positive_max_ttl_fails() =>
        Assert.Contains(new TokenOptionsValidator().Validate(null, new TokenOptions { MaxTtl = TimeSpan.Zero }).Failures!,
            f => f.StartsWith("Tokens:MaxTtl", StringComparison.Ordinal));
}
