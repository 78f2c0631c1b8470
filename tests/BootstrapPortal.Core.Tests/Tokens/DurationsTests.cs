using BootstrapPortal.Core.Tokens;

namespace BootstrapPortal.Core.Tests.Tokens;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("24h", 24 * 3600)]
    [InlineData("90m", 90 * 60)]
    [InlineData("1h30m", 5400)]
    [InlineData("45s", 45)]
    [InlineData("2d", 2 * 86400)]
    [InlineData("1d2h3m4s", 86400 + 7200 + 180 + 4)]
    [InlineData("01:30:00", 5400)]
    [InlineData("1.00:00:00", 86400)]
    public void Parses(string text, int seconds)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("h")]
    [InlineData("1.5h")]
    [InlineData("-1h")]
    [InlineData("1h 30m")]
    [InlineData("99999999999999999999h")]
    public void Rejects(string? text) => Assert.False(Durations.TryParse(text, out _));

    [Theory]
    [InlineData(86400, "24h")]
    [InlineData(5400, "1h30m")]
    [InlineData(30 * 86400, "720h")]
    [InlineData(0, "0s")]
    public void Formats(int seconds, string expected) => Assert.Equal(expected, Durations.Format(TimeSpan.FromSeconds(seconds)));
}
