using System.Globalization;
using BootstrapPortal.Web.Components.Shared;

namespace BootstrapPortal.Web.Tests.Localization;

/// <summary>The one formatter of times, durations and counts, in both languages.</summary>
public sealed class TimeTextTests
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-Hans");
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 21, 50, 31, TimeSpan.Zero);

    public static TheoryData<int, string, string> Durations => new()
    {
        { 0, "0s", "0 秒" },
        { 42, "42s", "42 秒" },
        { 3 * 60 + 5, "3m", "3 分钟" },
        { 3600, "1h", "1 小时" },
        { 3 * 3600 + 20 * 60, "3h 20m", "3 小时 20 分钟" },
        { 2 * 86400, "2d", "2 天" },
        { 2 * 86400 + 5 * 3600, "2d 5h", "2 天 5 小时" },
        { 400 * 86400, "1.1y", "1.1 年" },
    };

    [Theory]
    [MemberData(nameof(Durations))]
    public void Durations_are_short_in_both_languages(int seconds, string english, string chinese)
    {
        Assert.Equal(english, TimeText.DurationIn(TimeSpan.FromSeconds(seconds), English));
        Assert.Equal(chinese, TimeText.DurationIn(TimeSpan.FromSeconds(seconds), Chinese));
        Assert.Equal(english, TimeText.DurationIn(TimeSpan.FromSeconds(-seconds), English));
    }

    public static TheoryData<int, string, string> Relatives => new()
    {
        { -3 * 60, "3m ago", "3 分钟前" },
        { -26 * 3600, "1d 2h ago", "1 天 2 小时前" },
        { 2 * 86400, "in 2d", "2 天后" },
        { 45, "in 45s", "45 秒后" },
    };

    [Theory]
    [MemberData(nameof(Relatives))]
    public void Relative_times_say_ago_and_in_the_way_of_the_language(int offsetSeconds, string english, string chinese)
    {
        var at = Now.AddSeconds(offsetSeconds);
        Assert.Equal(english, TimeText.RelativeIn(at, Now, English));
        Assert.Equal(chinese, TimeText.RelativeIn(at, Now, Chinese));
    }

    [Fact]
    public void Exact_times_are_in_utc_in_the_culture_s_format()
    {
        var at = new DateTimeOffset(2026, 3, 4, 6, 7, 8, TimeSpan.FromHours(8));
        Assert.Equal("2026-03-03 22:07:08Z", TimeText.AbsoluteIn(at, English));
        Assert.Equal("2026年3月3日 22:07:08 UTC", TimeText.AbsoluteIn(at, Chinese));
        Assert.Equal("2026-03-03 22:07:08Z", TimeText.AbsoluteIn(at, CultureInfo.GetCultureInfo("en-GB")));
        Assert.Equal("2026年3月3日 22:07:08 UTC", TimeText.AbsoluteIn(at, CultureInfo.GetCultureInfo("zh-CN")));
    }

    [Fact]
    public void Chart_days_are_the_culture_s_short_date()
    {
        Assert.Equal("Dec 1", TimeText.DayIn(new DateOnly(2026, 12, 1), English));
        Assert.Equal("12月1日", TimeText.DayIn(new DateOnly(2026, 12, 1), Chinese));
        Assert.Equal("Mar 14", TimeText.DayIn(new DateOnly(2026, 3, 14), CultureInfo.GetCultureInfo("en-GB")));
        Assert.Equal("3月14日", TimeText.DayIn(new DateOnly(2026, 3, 14), CultureInfo.GetCultureInfo("zh-CN")));
    }

    [Fact]
    public void The_current_ui_culture_picks_the_words()
    {
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = Chinese;
            Assert.Equal("5 分钟前", TimeText.Relative(Now.AddMinutes(-5), Now));
            Assert.Equal("12,345", NumberText.Count(12345));
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = English;
            Assert.Equal("5m ago", TimeText.Relative(Now.AddMinutes(-5), Now));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
        }
    }

    [Theory]
    [InlineData(0, "0", "0")]
    [InlineData(999, "999", "999")]
    [InlineData(12345, "12,345", "12,345")]
    [InlineData(5000000, "5,000,000", "5,000,000")]
    public void Counts_are_grouped_as_the_culture_groups_them(long value, string english, string chinese)
    {
        Assert.Equal(english, NumberText.CountIn(value, English));
        Assert.Equal(chinese, NumberText.CountIn(value, Chinese));
        Assert.Equal("12.345", NumberText.CountIn(12345, CultureInfo.GetCultureInfo("de")));
    }
}
