using BootstrapPortal.Core.Cache;

namespace BootstrapPortal.Core.Tests.Cache;

public class InformerOptionsValidatorTests
{
    [Fact]
    public void Defaults_are_valid() => Assert.True(new InformerOptionsValidator().Validate(null, new InformerOptions()).Succeeded);

    [Fact]
    public void Each_bad_value_names_its_key()
    {
        var result = new InformerOptionsValidator().Validate(null, new InformerOptions
        {
            PageSize = 0,
            InitialBackoff = TimeSpan.Zero,
            MaxBackoff = TimeSpan.FromMilliseconds(-1),
            MinWatchTimeout = TimeSpan.Zero,
        });
        foreach (var key in new[] { "Cache:PageSize", "Cache:InitialBackoff", "Cache:MaxBackoff", "Cache:MinWatchTimeout" })
        {
            Assert.Contains(key, result.FailureMessage, StringComparison.Ordinal);
        }
    }
}
