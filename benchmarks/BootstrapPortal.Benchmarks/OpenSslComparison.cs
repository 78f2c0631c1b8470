using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Running;
using BootstrapPortal.Benchmarks.Fleet;

namespace BootstrapPortal.Benchmarks;

/// <summary>
/// Measures decode + verify of a P-256 CSR with BenchmarkDotNet and <c>openssl speed -seconds 3 ecdsap256</c> in the same run
/// (same machine, same minute), and prints both rates and their ratio.
/// </summary>
internal static partial class OpenSslComparison
{
    public static int Run(string[] benchmarkArgs)
    {
        var openSslBefore = OpenSslVerifyRate();
        var summary = BenchmarkRunner.Run<CertificateBenchmarks>(args: [.. benchmarkArgs, "--filter", "*DecodeVerifyP256*"]);
        var openSslAfter = OpenSslVerifyRate();
        var report = summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == nameof(CertificateBenchmarks.DecodeVerifyP256));
        if (report?.ResultStatistics is not { } statistics)
        {
            Console.Error.WriteLine("the P-256 decode+verify benchmark produced no result");
            return 1;
        }

        var portalRate = 1e9 / statistics.Median;
        var cpuRate = CpuTimeRate();
        var openSsl = (openSslBefore + openSslAfter) / 2;
        Console.WriteLine();
        Console.WriteLine("| P-256 | verifies/s | ratio to openssl |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| openssl speed -seconds 3 ecdsap256, verify (per CPU second; before {openSslBefore:F0}, after {openSslAfter:F0}) | {openSsl:F0} | 1 |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| portal: decode + verify a CSR, per CPU second of one thread | {cpuRate:F0} | {cpuRate / openSsl:F3} (openssl {openSsl / cpuRate:F1}x faster) |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| portal: decode + verify a CSR, BenchmarkDotNet median (wall clock) | {portalRate:F0} | {portalRate / openSsl:F3} |"));
        Console.WriteLine($"Load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    /// <summary>
    /// Decode + verify per CPU second of the calling thread, as <c>openssl speed</c> counts by default (user CPU time), so a
    /// busy shared machine slows both alike: runs until the thread has used 2 CPU seconds (or 3 minutes have passed).
    /// </summary>
    private static double CpuTimeRate()
    {
        var input = new CertificateBenchmarks();
        input.Setup();
        for (var i = 0; i < 50; i++)
        {
            input.DecodeVerifyP256();
        }

        var start = ProcStats.CurrentThreadCpuSeconds() ?? 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        var count = 0;
        double used;
        do
        {
            for (var i = 0; i < 20; i++)
            {
                input.DecodeVerifyP256();
            }

            count += 20;
            used = (ProcStats.CurrentThreadCpuSeconds() ?? 0) - start;
        }
        while (used < 2 && DateTime.UtcNow < deadline);
        return used > 0 ? count / used : 0;
    }

    /// <summary>Runs <c>openssl speed -seconds 3 ecdsap256</c> and reads the verify/s column of its nistp256 line.</summary>
    public static double OpenSslVerifyRate()
    {
        var start = new ProcessStartInfo("openssl", "speed -seconds 3 ecdsap256") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill();
            throw new TimeoutException("openssl speed did not finish in 2 minutes");
        }

        _ = errors.Result;
        return ParseVerifyRate(output) ?? throw new InvalidOperationException("openssl speed printed no nistp256 line:\n" + output);
    }

    /// <summary>The verify/s figure of a line such as <c> 256 bits ecdsa (nistp256)   0.0000s   0.0001s  40000.0  13000.0</c>.</summary>
    public static double? ParseVerifyRate(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var line in output.Split('\n'))
        {
            var match = NistP256Line().Match(line);
            if (match.Success)
            {
                return double.Parse(match.Groups["verify"].Value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    [GeneratedRegex(@"ecdsa\s*\(nistp256\)\s+\S+s\s+\S+s\s+(?<sign>[0-9.]+)\s+(?<verify>[0-9.]+)")]
    private static partial Regex NistP256Line();
}
