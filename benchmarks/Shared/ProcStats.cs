using System.Globalization;

namespace BootstrapPortal.Benchmarks.Fleet;

/// <summary>Reads a process's CPU time and resident memory from <c>/proc</c> (Linux).</summary>
public static class ProcStats
{
    /// <summary>Clock ticks per second of <c>/proc/&lt;pid&gt;/stat</c> times (USER_HZ, 100 on Linux).</summary>
    public const double TicksPerSecond = 100;

    /// <summary>utime + stime in seconds from the text of <c>/proc/&lt;pid&gt;/stat</c>; null when unreadable.</summary>
    public static double? ParseCpuSeconds(string stat)
    {
        ArgumentNullException.ThrowIfNull(stat);

        // The command name (field 2) is in parentheses and may hold spaces: fields are counted after the last ')'.
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // After the name: state(3) ppid(4) ... utime is field 14, stime field 15 → indexes 11 and 12 here.
        if (fields.Length < 13
            || !long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out var utime)
            || !long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var stime))
        {
            return null;
        }

        return (utime + stime) / TicksPerSecond;
    }

    /// <summary>VmRSS in MiB from the text of <c>/proc/&lt;pid&gt;/status</c>; null when absent.</summary>
    public static double? ParseRssMiB(string status)
    {
        ArgumentNullException.ThrowIfNull(status);
        foreach (var line in status.Split('\n'))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var parts = line["VmRSS:".Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 1 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kib))
                {
                    return kib / 1024.0;
                }
            }
        }

        return null;
    }

    public static double? CpuSeconds(int pid) => Read($"/proc/{pid}/stat") is { } s ? ParseCpuSeconds(s) : null;

    /// <summary>CPU seconds the calling thread has used (<c>/proc/thread-self/stat</c>).</summary>
    public static double? CurrentThreadCpuSeconds() => Read("/proc/thread-self/stat") is { } s ? ParseCpuSeconds(s) : null;

    public static double? RssMiB(int pid) => Read($"/proc/{pid}/status") is { } s ? ParseRssMiB(s) : null;

    /// <summary>Average CPU of <paramref name="pid"/> over <paramref name="window"/>, in percent of one core.</summary>
    public static async Task<double?> CpuPercentAsync(int pid, TimeSpan window, CancellationToken cancellationToken)
    {
        var before = CpuSeconds(pid);
        var started = DateTime.UtcNow;
        await Task.Delay(window, cancellationToken);
        var after = CpuSeconds(pid);
        var elapsed = (DateTime.UtcNow - started).TotalSeconds;
        return before is null || after is null || elapsed <= 0 ? null : (after.Value - before.Value) / elapsed * 100;
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
