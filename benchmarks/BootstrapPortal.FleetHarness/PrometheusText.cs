using System.Globalization;

namespace BootstrapPortal.FleetHarness;

/// <summary>Reads samples from Prometheus text exposition (pure; enough for the portal's own metrics).</summary>
public static class PrometheusText
{
    /// <summary>
    /// The sum of the samples of <paramref name="metric"/> whose labels include every pair of <paramref name="labels"/>
    /// (e.g. <c>verb="list"</c>); 0 when there are none.
    /// </summary>
    public static double Sum(string text, string metric, params string[] labels)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(labels);
        var total = 0.0;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#' || !line.StartsWith(metric, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = line[metric.Length..];
            string labelText;
            string valueText;
            if (rest.StartsWith('{'))
            {
                var close = rest.IndexOf('}', StringComparison.Ordinal);
                if (close < 0)
                {
                    continue;
                }

                labelText = rest[1..close];
                valueText = rest[(close + 1)..].Trim();
            }
            else if (rest.StartsWith(' '))
            {
                labelText = string.Empty;
                valueText = rest.Trim();
            }
            else
            {
                continue; // another metric with this name as prefix
            }

            var pairs = labelText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (!labels.All(l => pairs.Contains(l, StringComparer.Ordinal)))
            {
                continue;
            }

            var number = valueText.Split(' ', 2)[0];
            if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                total += value;
            }
        }

        return total;
    }
}
