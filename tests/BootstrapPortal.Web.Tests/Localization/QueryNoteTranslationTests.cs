using System.Globalization;
using BootstrapPortal.Core.Audit;
using BootstrapPortal.Web.Components.Csrs;
using BootstrapPortal.Web.Components.Nodes;
using BootstrapPortal.Web.Components.Shared;
using BootstrapPortal.Web.Components.Tokens;
using BootstrapPortal.Web.Hosting;
using BootstrapPortal.Web.Resources;
using BootstrapPortal.Web.Tests.Components;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace BootstrapPortal.Web.Tests.Localization;

/// <summary>
/// The notes a list writes about a bad value in its address are whole sentences looked up in SharedText: every note any list
/// can write has a Chinese translation, and the notes banner shows it in Chinese.
/// </summary>
public sealed class QueryNoteTranslationTests
{
    private const string Bad = "\u0001";

    /// <summary>Every note the list parsers can write: each parameter of each list, bad in turn.</summary>
    private static List<string> EveryNote()
    {
        var notes = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            string? At(int index, string bad = "x,1") => index == i ? bad : null;
            CsrListView.Parse(At(0), At(1, Bad), At(2, Bad), At(3, Bad), At(4, Bad), At(5, "-1"), At(6, "7"), At(7, "password"), At(8, "sideways"), notes, At(9));
            TokenListView.Parse(At(0), At(1, "maybe"), At(4, Bad), At(5, "-1"), At(6, "7"), At(7, "password"), At(8, "sideways"), notes);
            NodeListView.Parse(At(4, Bad), At(1, "9999"), At(2, "maybe"), At(5, "-1"), At(6, "7"), At(7, "password"), At(8, "sideways"), notes);
        }

        QueryValues.Text(Bad, "actor", notes);
        QueryValues.Text(Bad, "action", notes);
        QueryValues.Enum<AuditOutcome>("x", "outcome", notes);
        notes.Add("The time window in the address is not one of 1h, 24h, 7d, 30d; showing any time.");
        return [.. notes.Distinct(StringComparer.Ordinal)];
    }

    [Fact]
    public void Every_note_a_list_can_write_has_a_chinese_translation()
    {
        var notes = EveryNote();
        Assert.True(notes.Count >= 18, $"only {notes.Count} distinct notes: {string.Join(" | ", notes)}");
        using var services = new ServiceCollection().AddLogging().AddPortalLocalization().BuildServiceProvider();
        var localizer = services.GetRequiredService<IStringLocalizer<SharedText>>();
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-Hans");
            var missing = notes.Where(n => localizer[n] is { ResourceNotFound: true } || localizer[n].Value == n).ToArray();
            Assert.True(missing.Length == 0, "notes without a translation: " + string.Join(" | ", missing));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public async Task The_notes_banner_shows_the_notes_in_the_readers_language()
    {
        var notes = new List<string>();
        ListPaging.Parse("0", null, null, null, [], notes);
        await using var ctx = ComponentTestContext.Create();
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-Hans");
            var cut = ctx.Render<QueryNotes>(p => p.Add(c => c.Notes, notes));
            Assert.Equal("地址中的页码不是正整数；显示第一页。", cut.Find("[data-testid=query-notes] .mud-alert-message").TextContent.Trim());
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
        }
    }
}
