namespace BootstrapPortal.Core.Text;

/// <summary>
/// One sentence shape the portal produces: an English composite format (<c>"Token {0} expires in {1}."</c>) declared once
/// as a <c>static readonly</c> field of a catalogue class (<c>VerdictText</c>, <c>FlowText</c>, …). The English format is
/// also the resource key its translations are stored under (<c>Text/CoreTexts.zh-Hans.resx</c>). Immutable.
/// </summary>
public sealed class TextFormat
{
    public TextFormat(string english)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(english);
        English = english;
        Placeholders = TextPlaceholders.Of(english);
        ArgumentCount = Placeholders.Count == 0 ? 0 : Placeholders.Max() + 1;
        _text = ArgumentCount == 0 ? new PortalText(this, []) : null;
    }

    /// <summary>The English composite format; the resource key of its translations.</summary>
    public string English { get; }

    /// <summary>The distinct argument indices the format uses.</summary>
    public IReadOnlySet<int> Placeholders { get; }

    /// <summary>How many arguments <see cref="With"/> takes.</summary>
    public int ArgumentCount { get; }

    /// <summary>
    /// The message with these arguments: strings are shown verbatim (names, identifiers), <see cref="PortalText"/> is rendered
    /// in the reader's language, <see cref="TextDuration"/> and numbers are formatted per culture.
    /// </summary>
    public PortalText With(params object[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments.Length != ArgumentCount)
        {
            throw new ArgumentException($"\"{English}\" takes {ArgumentCount} arguments, not {arguments.Length}.", nameof(arguments));
        }

        return new PortalText(this, arguments);
    }

    /// <summary>The message of a format without arguments (one shared instance).</summary>
    public PortalText Text => _text ?? throw new InvalidOperationException($"\"{English}\" takes {ArgumentCount} arguments.");

    private readonly PortalText? _text;

    public override string ToString() => English;
}
