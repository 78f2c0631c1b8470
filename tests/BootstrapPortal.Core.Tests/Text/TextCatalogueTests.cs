using System.Collections;
using System.Globalization;
using System.Resources;
using BootstrapPortal.Core.Text;

namespace BootstrapPortal.Core.Tests.Text;

/// <summary>Every catalogued format has a Simplified Chinese translation with the same placeholders, and nothing else is stored.</summary>
public class TextCatalogueTests
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-Hans");
    private static readonly PortalTextLocalizer Localizer = new();

    /// <summary>Formats that are identifiers or punctuation only: their translation may contain no Chinese.</summary>
    private static readonly HashSet<string> LanguageNeutral = new(StringComparer.Ordinal)
    {
        "CommonText.Verbatim", "CommonText.TwoSentences", "FlowText.Csr", "FindingText.TokenProblem",
    };

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in TextCatalogue.All())
        {
            data.Add(name);
        }

        return data;
    }

    private static TextFormat Find(string name) => TextCatalogue.All().Single(e => e.Name == name).Format;

    [Fact]
    public void The_catalogue_covers_every_area()
    {
        var classes = TextCatalogue.All().Select(e => e.Name.Split('.')[0]).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string>(["CommonText", "VerdictText", "FlowText", "OverviewText", "NodeHealthText"], StringComparer.Ordinal), classes);
        Assert.True(TextCatalogue.All().Count > 150, $"only {TextCatalogue.All().Count} formats");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_format_has_a_chinese_translation_with_the_same_placeholders(string name)
    {
        var format = Find(name);
        var translated = Localizer.Translate(format, Chinese);
        Assert.False(string.IsNullOrWhiteSpace(translated), $"{name} (\"{format.English}\") has no zh-Hans entry");
        Assert.Equal(format.Placeholders, TextPlaceholders.Of(translated));
        if (!LanguageNeutral.Contains(name))
        {
            Assert.True(translated.Any(c => c is >= '\u4e00' and <= '\u9fff'), $"{name} is not translated: \"{translated}\"");
        }

        // It formats with as many arguments as the English one takes.
        _ = string.Format(Chinese, translated, Enumerable.Range(0, format.ArgumentCount).Select(i => (object)("a" + i)).ToArray());
    }

    [Fact]
    public void The_resources_hold_only_catalogued_formats()
    {
        var english = TextCatalogue.All().Select(e => e.Format.English).ToHashSet(StringComparer.Ordinal);
        var resources = new ResourceManager(PortalTextLocalizer.BaseName, typeof(PortalText).Assembly);
        var set = resources.GetResourceSet(Chinese, createIfNotExists: true, tryParents: false);
        Assert.NotNull(set);
        var keys = set.Cast<DictionaryEntry>().Select(e => (string)e.Key).ToArray();
        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.Contains(key, english));
        var neutral = resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false);
        Assert.NotNull(neutral);
        Assert.Empty(neutral.Cast<DictionaryEntry>());
    }

    [Fact]
    public void Formats_are_not_declared_twice_with_different_meanings()
    {
        // The English text is the key: two fields with the same English share one translation, which is only right when
        // they are the same sentence. Keep them distinct so a translator can tell every sentence apart.
        var duplicates = TextCatalogue.All().GroupBy(e => e.Format.English, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => string.Join(", ", g.Select(e => e.Name))).ToArray();
        Assert.Empty(duplicates);
    }
}
