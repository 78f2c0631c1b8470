using System.Globalization;
using System.Text.Json;
using BootstrapPortal.Core.Csrs;
using BootstrapPortal.Core.Text;

namespace BootstrapPortal.Core.Tests.Text;

/// <summary>A message is English by <c>ToString()</c> and rendered per reader; its arguments render with it.</summary>
public class PortalTextTests
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-Hans");
    private static readonly PortalTextLocalizer Localizer = new();

    private static PortalText Lifetime() =>
        VerdictText.LifetimeExceeds.With(TextDuration.Exact(TimeSpan.FromDays(400)), VerdictText.PortalLimit.Text, TextDuration.Exact(TimeSpan.FromDays(365)));

    [Fact]
    public void ToString_is_the_english_sentence_and_rendering_follows_the_culture()
    {
        var text = Lifetime();
        Assert.Equal("The requested lifetime 400 days exceeds the portal's limit of 365 days.", text.ToString());
        Assert.Equal(text.ToString(), Localizer.Localize(text, CultureInfo.GetCultureInfo("en-US")));
        Assert.Equal(text.ToString(), Localizer.Localize(text, CultureInfo.InvariantCulture));
        Assert.Equal("请求的有效期 400 天 超过了门户的上限 365 天。", Localizer.Localize(text, Chinese));
    }

    [Fact]
    public void The_current_ui_culture_picks_the_language_and_chinese_regions_fall_back_to_simplified_chinese()
    {
        var text = FlowText.TokenExpiresUnused.With("abcdef", TextDuration.Compact(TimeSpan.FromHours(2)));
        var before = CultureInfo.CurrentUICulture;
#pragma warning disable CA1304 // The current UI culture is what this test is about.
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
            Assert.Equal("引导令牌 abcdef 将在 2 小时 0 分钟 后过期，且还没有 CSR 使用过它。", Localizer.Localize(text));
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("fr-FR");
            Assert.Equal("Token abcdef expires in 2h 0m and no CSR has used it yet.", Localizer.Localize(text));
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-GB");
            Assert.Equal(text.ToString(), Localizer.Localize(text));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
#pragma warning restore CA1304
    }

    [Theory]
    [InlineData(DurationStyle.Exact, 365 * 24 * 60, "365 days", "365 天")]
    [InlineData(DurationStyle.Exact, 24 * 60, "1 day", "1 天")]
    [InlineData(DurationStyle.Exact, 150, "2.5 hours", "2.5 小时")]
    [InlineData(DurationStyle.Exact, 30, "30 minutes", "30 分钟")]
    [InlineData(DurationStyle.Compact, (3 * 24 + 4) * 60, "3d 4h", "3 天 4 小时")]
    [InlineData(DurationStyle.Compact, 125, "2h 5m", "2 小时 5 分钟")]
    [InlineData(DurationStyle.Compact, -125, "2h 5m", "2 小时 5 分钟")]
    [InlineData(DurationStyle.Rough, 3 * 24 * 60, "3 days", "3 天")]
    [InlineData(DurationStyle.Rough, 5 * 60, "5 hours", "5 小时")]
    [InlineData(DurationStyle.Rough, 1, "60 seconds", "60 秒")]
    public void Durations_are_formatted_per_culture(DurationStyle style, int minutes, string english, string chinese)
    {
        var duration = new TextDuration(TimeSpan.FromMinutes(minutes), style);
        Assert.Equal(english, duration.ToString());
        Assert.Equal(english, DurationText.Format(duration, CultureInfo.GetCultureInfo("en-US")));
        Assert.Equal(chinese, DurationText.Format(duration, Chinese));
    }

    [Fact]
    public void An_unknown_silence_is_said_in_words()
    {
        Assert.Equal("an unknown time", TextDuration.Rough(TimeSpan.MaxValue).ToString());
        Assert.Equal("未知时长", DurationText.Format(TextDuration.Rough(TimeSpan.MaxValue), Chinese));
    }

    [Fact]
    public void Nested_texts_and_lists_render_in_the_same_language_and_data_stays_verbatim()
    {
        var reserved = VerdictText.ReservedGroup.With(TextList.Of(", ", [VerdictText.MastersGroup.Text, VerdictText.BootstrapGroup.With("system:bootstrappers:x")]));
        Assert.Equal("The subject claims the reserved group system:masters (full cluster-admin that RBAC never checks), system:bootstrappers:x (a bootstrap-token group): approving puts the certificate in it.",
            reserved.ToString());
        Assert.Equal("主体声明了保留组 system:masters（RBAC 从不检查的完全集群管理员权限）, system:bootstrappers:x（一个引导令牌组）：批准会把证书放入该组。",
            Localizer.Localize(reserved, Chinese));

        var few = CommonText.Few(["a", "b", "c", "d", "e"]);
        Assert.Equal("a, b, c and 2 more", few.ToString());
        Assert.Equal("a, b, c 等另外 2 个", Localizer.Localize(few, Chinese));
        Assert.Equal("<b>x</b>", Localizer.Localize(CommonText.Plain("<b>x</b>"), Chinese));
    }

    [Fact]
    public void A_broken_translation_falls_back_to_english_instead_of_throwing()
    {
        var text = NodeHealthText.Requests.With(3);
        Assert.Equal("3 requests", text.Render(_ => "{7} 个请求", Chinese));
        Assert.Equal("3 个请求", text.Render(_ => "{0} 个请求", Chinese));
    }

    [Fact]
    public void Formats_check_their_argument_count_and_braces()
    {
        Assert.Throws<ArgumentException>(() => VerdictText.LifetimeExceeds.With("one"));
        Assert.Throws<InvalidOperationException>(() => VerdictText.LifetimeExceeds.Text);
        Assert.Throws<FormatException>(() => new TextFormat("unclosed {0"));
        Assert.Throws<FormatException>(() => new TextFormat("stray } brace"));
        Assert.Equal(new[] { 0, 2 }, new TextFormat("{{literal}} {0} {2:0.#}").Placeholders);
        Assert.Equal("{literal}", new TextFormat("{{literal}}").Text.ToString());
    }

    [Fact]
    public void Equal_texts_are_equal_and_records_holding_them_compare_by_value()
    {
        Assert.Equal(Lifetime(), Lifetime());
        Assert.NotEqual(Lifetime(), VerdictText.LifetimeWithin.With(TextDuration.Exact(TimeSpan.FromDays(400)), VerdictText.PortalLimit.Text, TextDuration.Exact(TimeSpan.FromDays(365))));
        Assert.Equal(CsrCheck.Fail("lifetime", Lifetime()), CsrCheck.Fail("lifetime", Lifetime()));
    }

    [Fact]
    public void Json_carries_the_english_string_and_checks_keep_their_message_field()
    {
        Assert.Equal("\"The requested lifetime 400 days exceeds the portal\\u0027s limit of 365 days.\"", JsonSerializer.Serialize(Lifetime()));
        var check = JsonDocument.Parse(JsonSerializer.Serialize(CsrCheck.Fail("lifetime", Lifetime()), JsonSerializerOptions.Web)).RootElement;
        Assert.Equal("The requested lifetime 400 days exceeds the portal's limit of 365 days.", check.GetProperty("message").GetString());
        Assert.False(check.TryGetProperty("text", out _));
    }
}
