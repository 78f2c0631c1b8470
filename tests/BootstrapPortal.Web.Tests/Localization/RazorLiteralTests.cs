using System.Text.RegularExpressions;

namespace BootstrapPortal.Web.Tests.Localization;

/// <summary>
/// No component writes English the resources cannot translate: no bare text between tags, no literal in an attribute people
/// read (label, title, tooltip, placeholder, aria-label…), no literal snackbar message or dialog title. Technical words that
/// stay as they are in every language (kind names, CSR, kubeconfig, YAML…) are allowed.
/// </summary>
public sealed partial class RazorLiteralTests
{
    /// <summary>Words that are the same in every language of the console.</summary>
    private static readonly HashSet<string> Technical = new(StringComparer.Ordinal)
    {
        "BootstrapPortal", "CSR", "CSRs", "YAML", "kubeconfig", "kubelet", "PEM", "CSV", "JSON", "SHA", "UID", "SANs", "DNS", "IP", "URI",
        "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "resourceVersion", "GET", "POST", "UTC",
    };

    private static readonly string[] ReadAttributes =
    [
        "Label", "HelperText", "Placeholder", "Text", "aria-label", "title", "AdornmentAriaLabel", "DataLabel", "Title", "EmptyText",
        "Missing", "What", "ActionText", "Message", "ConfirmText", "Prompt", "InfoFormat", "ButtonText", "AriaLabel",
    ];

    [Fact]
    public void No_component_has_bare_english_text_between_tags()
    {
        var found = new List<string>();
        foreach (var file in SourceTree.RazorFiles())
        {
            var markup = Markup(File.ReadAllText(file));
            foreach (Match node in TextNode().Matches(markup))
            {
                var words = Words(node.Groups[1].Value);
                if (words.Count > 0)
                {
                    found.Add($"{SourceTree.Relative(file)}:{Line(markup, node.Index)}: {string.Join(" ", words)}");
                }
            }
        }

        Assert.True(found.Count == 0, "Text outside L[…]:" + Environment.NewLine + string.Join(Environment.NewLine, found));
    }

    [Fact]
    public void No_component_has_a_literal_in_an_attribute_people_read()
    {
        var found = new List<string>();
        foreach (var file in SourceTree.RazorFiles())
        {
            var markup = WithoutComments(CutCode(File.ReadAllText(file)));
            foreach (var attribute in ReadAttributes)
            {
                foreach (Match literal in new Regex(@"(?<![\w-])" + Regex.Escape(attribute) + @"=""(?<value>[^""@]*)""").Matches(markup))
                {
                    if (Words(literal.Groups["value"].Value).Count > 0)
                    {
                        found.Add($"{SourceTree.Relative(file)}:{Line(markup, literal.Index)}: {attribute}=\"{literal.Groups["value"].Value}\"");
                    }
                }
            }

            foreach (Match literal in NameValueLiteral().Matches(markup))
            {
                if (Words(literal.Groups["value"].Value).Count > 0)
                {
                    found.Add($"{SourceTree.Relative(file)}:{Line(markup, literal.Index)}: NameValue Name=\"{literal.Groups["value"].Value}\"");
                }
            }
        }

        Assert.True(found.Count == 0, "Literal attributes outside L[…]:" + Environment.NewLine + string.Join(Environment.NewLine, found));
    }

    [Fact]
    public void Snackbar_messages_and_dialog_titles_come_from_the_resources()
    {
        var found = new List<string>();
        foreach (var file in SourceTree.ComponentSources())
        {
            var text = File.ReadAllText(file);
            foreach (Match literal in MessageLiteral().Matches(text))
            {
                found.Add($"{SourceTree.Relative(file)}:{Line(text, literal.Index)}: {literal.Value}");
            }
        }

        Assert.True(found.Count == 0, "Literal messages:" + Environment.NewLine + string.Join(Environment.NewLine, found));
    }

    [Theory]
    [InlineData("<MudText>Sign out</MudText>", 1)]
    [InlineData("<MudText>@L[\"Sign out\"]</MudText>", 0)]
    [InlineData("<span>pending</span>", 1)]
    [InlineData("<td>@x.Name</td><td>CSR</td>", 0)]
    [InlineData("<b>@count nodes</b>", 1)]
    [InlineData("@* a comment with words *@<p></p>", 0)]
    [InlineData("<MudButton OnClick=\"() => Go()\">Go</MudButton>", 1)]
    [InlineData("<span class=\"bp-mono\">/openapi/v1.json</span>", 0)]
    [InlineData("<span>(@row.Reasons[0].Message)</span>", 0)]
    [InlineData("<tr>@foreach (var s in Order) { <th>@s</th> }</tr>", 0)]
    [InlineData("<td>@string.Join(\", \", (a ?? []).Select(g => g.Length == 0 ? \"(core)\" : g))</td>", 0)]
    [InlineData("<b>@((MarkupString)L[\"<b>{0}</b> is {1}\", a, b(L[\"none\"])].Value)</b>", 0)]
    public void The_scan_finds_bare_text_and_only_that(string razor, int expected) =>
        Assert.Equal(expected, TextNode().Matches(Markup(razor)).Count(m => Words(m.Groups[1].Value).Count > 0));

    /// <summary>The markup of a component with its code, comments, pre blocks, localized strings, attribute values and Razor expressions taken out.</summary>
    private static string Markup(string razor)
    {
        var markup = WithoutComments(CutCode(razor));
        markup = Blank(PreBlock(), markup);
        markup = Blank(LocalizedString(), markup);
        markup = Blank(AttributeValue(), markup);
        markup = Blank(RazorLine(), markup);
        markup = Blank(Expression(), markup);
        return markup;
    }

    private static string CutCode(string razor)
    {
        var code = razor.IndexOf("\n@code {", StringComparison.Ordinal);
        return code < 0 ? razor : razor[..code];
    }

    private static string WithoutComments(string razor) => Blank(Comment(), razor);

    /// <summary>Replaces matches with as many newlines as they held, so line numbers stay right.</summary>
    private static string Blank(Regex pattern, string text) => pattern.Replace(text, m => new string('\n', m.Value.Count(c => c == '\n')) + " ");

    /// <summary>The words of a text that a person reads and a translator would translate.</summary>
    private static List<string> Words(string text) =>
        [.. Word().Matches(System.Net.WebUtility.HtmlDecode(text)).Select(m => m.Value)
            .Where(w => !Technical.Contains(w) && !w.Any(c => c is '/' or ':' or '.' or '{' || char.IsAsciiDigit(c)))];

    private static int Line(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    [GeneratedRegex(@"@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"<pre\b.*?</pre>", RegexOptions.Singleline)]
    private static partial Regex PreBlock();

    [GeneratedRegex(@"\b\w*L\[""(?:[^""\\]|\\.)*""(?:[^\[\]]|\[[^\]]*\])*\](?:\.Value)?")]
    private static partial Regex LocalizedString();

    [GeneratedRegex(@"=""[^""]*""")]
    private static partial Regex AttributeValue();

    /// <summary>Razor control lines (@if, @foreach, else, braces, var declarations, @using/@inject…).</summary>
    [GeneratedRegex(@"^\s*(?:@\w+\b.*|else\b.*|[{}]\s*|var\s.*|case\s.*|break;|[\w.\[\]]+\s*[-+*/]?=[^=].*;)$", RegexOptions.Multiline)]
    private static partial Regex RazorLine();

    /// <summary>An inline expression: @(…), @a.b(…)[…].c, @foreach (…), with up to three levels of parentheses.</summary>
    [GeneratedRegex(@"@(?:if|foreach|for|while|switch)\s*\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)|@\((?:[^()]|\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\))*\)|@\w+(?:\.\w+|\((?:[^()]|\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\))*\)|\[[^\]]*\])*")]
    private static partial Regex Expression();

    [GeneratedRegex(@">([^<>]*)<")]
    private static partial Regex TextNode();

    [GeneratedRegex(@"[/{A-Za-z][A-Za-z0-9'./:_{}-]*")]
    private static partial Regex Word();

    [GeneratedRegex(@"<NameValue Name=""(?<value>[^""@]*)""")]
    private static partial Regex NameValueLiteral();

    [GeneratedRegex(@"(?:Snackbar\.Add|ShowAsync<\w+>)\(\$?""[^""]*""")]
    private static partial Regex MessageLiteral();
}
