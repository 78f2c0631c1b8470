namespace BootstrapPortal.Core.Text;

/// <summary>Formats every area uses: a verbatim string (data, not a sentence of ours), list tails, "none".</summary>
public static class CommonText
{
    /// <summary>A text that is data (an identifier, a message from the cluster or a decoder), shown as it is in every language.</summary>
    public static readonly TextFormat Verbatim = new("{0}");

    public static readonly TextFormat AndMore = new("{0} and {1} more");

    public static readonly TextFormat None = new("none");

    /// <summary>Two sentences of ours, one after the other.</summary>
    public static readonly TextFormat TwoSentences = new("{0} {1}");

    /// <summary><paramref name="value"/> as a text shown as it is.</summary>
    public static PortalText Plain(string value) => Verbatim.With(value ?? string.Empty);

    /// <summary>Up to three items, then "and N more".</summary>
    public static PortalText Few(IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var list = items.Distinct(StringComparer.Ordinal).ToArray();
        return list.Length <= 3 ? Plain(string.Join(", ", list)) : AndMore.With(string.Join(", ", list.Take(3)), list.Length - 3);
    }
}
