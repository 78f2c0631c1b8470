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
    [InlineData("\u0663h")] // Arabic-Indic three: a Unicode digit, not an ASCII one
    [InlineData("\uFF11h")] // full-width one
    [InlineData("1\u0660m")]
    [InlineData("9223372036854775807s")]
    [InlineData("1000000000s")]
    [InlineData("10675199d")]
    [InlineData("36501d")]
    [InlineData("1h1d")]
    [InlineData("1h1h")]
    [InlineData("1x")]
    [InlineData("1")]
    [InlineData("24:00:00")]
    [InlineData("00:60:00")]
    [InlineData("-1:00:00")]
    [InlineData("1:2:3:4")]
    [InlineData("\u0661:00:00")]
    [InlineData("99999999999999999999.00:00:00")]
    [InlineData("1.5:00:00:00")]
    [InlineData("123456789012345678901234567890123h")]
    public void Rejects(string? text) => Assert.False(Durations.TryParse(text, out _));

    [Theory]
    [InlineData("36500d", 36500L * 86400)]
    [InlineData("999999999s", 999999999L)]
    [InlineData(" 2h ", 7200L)]
    [InlineData("1d1s", 86401L)]
    [InlineData("0s", 0L)]
    [InlineData("36500.00:00:00", 36500L * 86400)]
    [InlineData("00:30", 1800L)]
    public void Accepts_the_edges(string text, long seconds)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Fact]
    public void Never_throws_whatever_the_input()
    {
        var random = new Random(20260101);
        const string alphabet = "0123456789dhms:. -\u0663\uFF11x";
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new char[random.Next(0, 40)];
            for (var c = 0; c < chars.Length; c++)
            {
                chars[c] = alphabet[random.Next(alphabet.Length)];
            }

            if (Durations.TryParse(new string(chars), out var value))
            {
                Assert.InRange(value, TimeSpan.Zero, Durations.MaxValue);
            }
        }
    }

    [Theory]
    [InlineData(86400, "24h")]
    [InlineData(5400, "1h30m")]
    [InlineData(30 * 86400, "720h")]
    [InlineData(0, "0s")]
    public void Formats(int seconds, string expected) => Assert.Equal(expected, Durations.Format(TimeSpan.FromSeconds(seconds)));
}
