using System.Globalization;

namespace BootstrapPortal.FleetHarness;

/// <summary>The machine a run was measured on (Linux <c>/proc</c>).</summary>
public sealed record MachineInfo(int Cores, string CpuModel, double MemoryGiB, string LoadAverage)
{
    public static MachineInfo Read() => new(
        Environment.ProcessorCount,
        ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown",
        ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) is { } m
            && long.TryParse(m["MemTotal:".Length..].Trim().Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kib) ? Math.Round(kib / 1024.0 / 1024.0, 1) : 0,
        LoadAverageNow());

    /// <summary>The 1, 5 and 15 minute load averages.</summary>
    public static string LoadAverageNow() => string.Join(' ', (ReadLines("/proc/loadavg").FirstOrDefault() ?? string.Empty).Split(' ').Take(3));

    private static string[] ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (IOException)
        {
            return [];
        }
    }
}
