using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BootstrapPortal.Benchmarks.Fleet;

namespace BootstrapPortal.FleetHarness;

/// <summary>A whole run: when, on what, with which fleet, the figures and what went wrong.</summary>
public sealed record HarnessReport(DateTimeOffset Started, DateTimeOffset Finished, FleetShape Fleet, string FleetSource, MachineInfo Machine,
    string LoadAverageAfter, IReadOnlyList<Measurement> Measurements, IReadOnlyList<string> Notes, string? Failure)
{
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
            $"Fleet: {Fleet.Nodes} nodes, {Fleet.Csrs} CSRs ({Fleet.PendingCsrs} pending), {Fleet.Tokens} tokens, {Fleet.Bindings} bindings; source: {FleetSource}.");
        text.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
            $"Machine: {Machine.Cores} cores, {Machine.CpuModel}, {Machine.MemoryGiB} GiB; load average {Machine.LoadAverage} at start, {LoadAverageAfter} at the end.");
        text.AppendLine();
        text.Append(ResultTable.ToMarkdown(Measurements));
        foreach (var note in Notes)
        {
            text.AppendLine().Append("- ").Append(note);
        }

        if (Failure is not null)
        {
            text.AppendLine().Append("- The run stopped early: ").Append(Failure);
        }

        return text.ToString();
    }
}
