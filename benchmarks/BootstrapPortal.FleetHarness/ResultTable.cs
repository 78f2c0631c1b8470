using System.Globalization;
using System.Text;

namespace BootstrapPortal.FleetHarness;

/// <summary>Formats a run's measurements as a Markdown table (pure).</summary>
public static class ResultTable
{
    public static string ToMarkdown(IEnumerable<Measurement> measurements)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        var text = new StringBuilder();
        text.AppendLine("| Measurement | Value | Target | Met |");
        text.AppendLine("|---|---|---|---|");
        foreach (var m in measurements)
        {
            var value = m.Value is { } v ? Number(v) + (m.Unit.Length > 0 ? " " + m.Unit : string.Empty) : "not measured";
            if (m.Note is { Length: > 0 })
            {
                value += " (" + m.Note + ")";
            }

            var target = m.Target switch
            {
                TargetKind.AtMost => "≤ " + Number(m.Limit) + (m.Unit.Length > 0 ? " " + m.Unit : string.Empty),
                TargetKind.AtLeast => "≥ " + Number(m.Limit) + (m.Unit.Length > 0 ? " " + m.Unit : string.Empty),
                _ => "—",
            };
            var met = m.Met switch { true => "met", false => "**gap**", null => "—" };
            text.Append("| ").Append(Cell(m.What)).Append(" | ").Append(Cell(value)).Append(" | ").Append(target).Append(" | ").Append(met).AppendLine(" |");
        }

        return text.ToString();
    }

    /// <summary>A number with at most three significant decimals, thousands separated (invariant culture).</summary>
    public static string Number(double value) =>
        Math.Abs(value) >= 100 ? value.ToString("#,0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 10 ? value.ToString("#,0.#", CultureInfo.InvariantCulture)
        : value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');
}
