using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Running;

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

        var portalRate = 1e9 / statistics.Mean;
        var openSsl = (openSslBefore + openSslAfter) / 2;
        Console.WriteLine();
        Console.WriteLine("| | verifies/s (one core) |");
        Console.WriteLine("|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| portal: decode + verify a P-256 CSR | {portalRate:F0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| openssl speed -seconds 3 ecdsap256 (verify; before {openSslBefore:F0}, after {openSslAfter:F0}) | {openSsl:F0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| ratio portal / openssl | {portalRate / openSsl:F2} (openssl is {openSsl / portalRate:F2}x) |"));
        return 0;
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
