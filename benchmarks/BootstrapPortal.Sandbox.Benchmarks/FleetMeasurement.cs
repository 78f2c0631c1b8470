using System.Diagnostics;
using System.Globalization;
using BootstrapPortal.Sandbox.Fleet;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace BootstrapPortal.Sandbox.Benchmarks;

/// <summary>
/// Starts the sandbox with a fleet (default: 5,000 nodes, 8,000 issued and 2,000 pending CSRs, 500 tokens, 2,000 bindings),
/// and prints the start-up time, the managed heap and working set after start, and the time to list every CSR with the
/// official C# client and with <c>kubectl get csr</c> (median of several runs, after one warm-up).
/// </summary>
internal static class FleetMeasurement
{
    public static async Task<int> RunAsync(FleetMeasurementArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("sandbox-fleet-measure");
        try
        {
            var started = Stopwatch.StartNew();
            await using var cluster = await SandboxCluster.StartAsync(new SandboxOptions
            {
                DataDirectory = directory.FullName,
                Nodes = 0,
                DemoMisfits = false,
                Fleet = new SandboxFleetOptions
                {
                    Nodes = arguments.Nodes,
                    IssuedCsrs = arguments.IssuedCsrs,
                    PendingCsrs = arguments.PendingCsrs,
                    Tokens = arguments.Tokens,
                    Bindings = arguments.Bindings,
                    Seed = 1,
                },
            }, NullLoggerFactory.Instance, cancellationToken);
            var startup = started.Elapsed;
            var fleet = cluster.Fleet!;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var heap = GC.GetTotalMemory(forceFullCollection: true);
            var workingSet = Process.GetCurrentProcess().WorkingSet64;
            output.WriteLine(Invariant($"fleet: {fleet.Nodes.Count(n => n.Registered)} nodes, {fleet.IssuedCsrs} issued + {fleet.PendingCsrs} pending CSRs, {fleet.Tokens} tokens, {fleet.Bindings} bindings; {Environment.ProcessorCount} cores"));
            output.WriteLine(Invariant($"start-up: {startup.TotalSeconds:0.00} s (preload {fleet.SeedDuration.TotalSeconds:0.00} s)"));
            output.WriteLine(Invariant($"memory after start: managed heap {heap / 1048576.0:0} MiB, working set {workingSet / 1048576.0:0} MiB"));

            using var client = new Kubernetes(cluster.CreateAdminConfiguration());
            var clientTimes = new List<double>();
            var count = 0;
            for (var run = 0; run <= arguments.Runs; run++)
            {
                var watch = Stopwatch.StartNew();
                var list = await client.CertificatesV1.ListCertificateSigningRequestAsync(cancellationToken: cancellationToken);
                watch.Stop();
                count = list.Items.Count;
                if (run > 0)
                {
                    clientTimes.Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            output.WriteLine(Invariant($"C# client list of {count} CSRs (JSON): median {Median(clientTimes):0} ms over {arguments.Runs} runs"));

            var kubectlTimes = new List<double>();
            var lines = 0;
            for (var run = 0; run <= arguments.Runs; run++)
            {
                var watch = Stopwatch.StartNew();
                var (code, text) = await KubectlAsync(cluster.KubeconfigPath, cancellationToken);
                watch.Stop();
                if (code != 0)
                {
                    output.WriteLine("kubectl get csr failed: " + text);
                    return 1;
                }

                lines = text.Count(c => c == '\n');
                if (run > 0)
                {
                    kubectlTimes.Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            output.WriteLine(Invariant($"kubectl get csr ({lines} lines, table from the server): median {Median(kubectlTimes):0} ms over {arguments.Runs} runs"));
            return 0;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count == 0 ? 0 : values[values.Count / 2];
    }

    private static async Task<(int ExitCode, string Output)> KubectlAsync(string kubeconfig, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--kubeconfig", kubeconfig, "get", "csr", "--no-headers" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }
}
