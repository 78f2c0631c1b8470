using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace BootstrapPortal.Web.Tests.Localization;

/// <summary>
/// The zh-Hans resources against their English keys: nothing empty, the same placeholders, and every key the components ask
/// for (<c>L["…"]</c> with a literal) present in the resource of the class they inject.
/// </summary>
public sealed partial class ResourceFileTests
{
    private static string ResourcesFolder => Path.Combine(SourceTree.Web, "Resources");

    /// <summary>Every marker class in Resources has its zh-Hans file, and every zh-Hans file its marker class.</summary>
    [Fact]
    public void Each_resource_class_has_a_simplified_chinese_file()
    {
        var classes = Directory.EnumerateFiles(ResourcesFolder, "*.cs").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToArray();
        var files = Directory.EnumerateFiles(ResourcesFolder, "*.zh-Hans.resx").Select(f => Path.GetFileName(f)[..^".zh-Hans.resx".Length]).Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(classes);
        Assert.Equal(classes, files);
    }

    [Fact]
    public void No_entry_is_empty_and_every_entry_keeps_the_placeholders_of_its_key()
    {
        var problems = new List<string>();
        var entries = 0;
        foreach (var (resource, key, value) in Entries())
        {
            entries++;
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add($"{resource}: \"{key}\" is empty");
                continue;
            }

            // MudBlazor's keys are names, not English text: their placeholders are MudBlazor's business.
            if (resource == "MudBlazorText")
            {
                continue;
            }

            var expected = Placeholders(key);
            var actual = Placeholders(value);
            if (!expected.SequenceEqual(actual))
            {
                problems.Add($"{resource}: \"{key}\" has {string.Join(" ", expected)} but its translation has {string.Join(" ", actual)}");
            }
        }

        Assert.True(entries > 500, $"only {entries} entries were read");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>Resource lookups ignore case when the resources are built: two keys that differ only in case lose one.</summary>
    [Fact]
    public void No_two_keys_of_a_resource_differ_only_in_case()
    {
        var clashes = Entries()
            .GroupBy(e => (e.Resource, Key: e.Key.ToUpperInvariant()))
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key.Resource}: {string.Join(" / ", g.Select(e => "\"" + e.Key + "\""))}")
            .ToArray();
        Assert.True(clashes.Length == 0, string.Join(Environment.NewLine, clashes));
    }

    /// <summary>Placeholders of a key/value, sorted ("{0}", "{1}", or MudBlazor's "{first_item}").</summary>
    [Theory]
    [InlineData("{0} of {1}", "{0} {1}")]
    [InlineData("第 {0} 条，共 {1} 条", "{0} {1}")]
    [InlineData("{1} 小时内共 {0} 个", "{0} {1}")]
    [InlineData("{first_item}-{last_item} of {all_items}", "{all_items} {first_item} {last_item}")]
    [InlineData("no placeholder", "")]
    public void Placeholders_are_compared_as_a_set(string text, string expected) => Assert.Equal(expected, string.Join(" ", Placeholders(text)));

    [Fact]
    public void Every_literal_key_a_component_asks_for_has_a_translation()
    {
        var translated = Entries().GroupBy(e => e.Resource).ToDictionary(g => g.Key, g => g.Select(e => e.Key).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var missing = new List<string>();
        var asked = 0;
        foreach (var file in SourceTree.ComponentSources())
        {
            var text = File.ReadAllText(file);
            foreach (Match injection in Localizer().Matches(text))
            {
                var (resource, name) = (injection.Groups["resource"].Value, injection.Groups["name"].Value);
                foreach (Match use in new Regex(@"(?<![\w.])" + name + @"\[""(?<key>(?:[^""\\]|\\.)*)""").Matches(text))
                {
                    asked++;
                    var key = Regex.Unescape(use.Groups["key"].Value);
                    if (!translated.TryGetValue(resource, out var keys) || !keys.Contains(key))
                    {
                        missing.Add($"{SourceTree.Relative(file)}: {resource}[\"{key}\"]");
                    }
                }
            }
        }

        Assert.True(asked > 500, $"only {asked} literal keys were found: the scan no longer sees the components");
        Assert.True(missing.Count == 0, "No zh-Hans translation for:" + Environment.NewLine + string.Join(Environment.NewLine, missing.Distinct()));
    }

    private static IEnumerable<(string Resource, string Key, string Value)> Entries()
    {
        foreach (var file in Directory.EnumerateFiles(ResourcesFolder, "*.zh-Hans.resx"))
        {
            var resource = Path.GetFileName(file)[..^".zh-Hans.resx".Length];
            foreach (var data in XDocument.Load(file).Root!.Elements("data"))
            {
                yield return (resource, (string)data.Attribute("name")!, (string?)data.Element("value") ?? string.Empty);
            }
        }
    }

    private static IReadOnlyList<string> Placeholders(string text) =>
        [.. Placeholder().Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"\{[0-9a-z_]+(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();

    /// <summary>An injected or passed localizer: <c>@inject IStringLocalizer&lt;CsrText&gt; L</c>, <c>IStringLocalizer&lt;CsrText&gt; L</c>.</summary>
    [GeneratedRegex(@"IStringLocalizer<(?<resource>\w+)>\s+(?<name>\w+)\b")]
    private static partial Regex Localizer();
}
