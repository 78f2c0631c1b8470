using System.Diagnostics;

namespace BootstrapPortal.FleetHarness;

/// <summary>
/// The sandbox cluster as a process of its own (<c>benchmarks/BootstrapPortal.SandboxHost</c>), so the portal is measured as
/// against an external cluster: the sandbox's API server, controllers, simulated kubelets and fleet agent do not count in
/// the portal's CPU and memory. Its output goes to <c>sandbox.log</c> in the run's folder.
/// </summary>
public sealed class SandboxProcess : IAsyncDisposable
{
    private const string ReadyPrefix = "ready ";

    private readonly Process _process;
    private readonly StreamWriter _log;

    private SandboxProcess(Process process, StreamWriter log, string logPath, Task<(Uri Server, string Kubeconfig)?> ready)
    {
        _process = process;
        _log = log;
        LogPath = logPath;
        Ready = ready;
    }

    public int Pid => _process.Id;

    public string LogPath { get; }

    /// <summary>The server and admin kubeconfig from the host's ready line; null when it exited first.</summary>
    private Task<(Uri Server, string Kubeconfig)?> Ready { get; }

    public static SandboxProcess Start(string host, string dataDirectory, IEnumerable<KeyValuePair<string, string>> settings)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(dataDirectory);
        ArgumentNullException.ThrowIfNull(settings);
        var dll = Path.GetFullPath(Directory.Exists(host) ? Path.Combine(host, "BootstrapPortal.SandboxHost.dll") : host);
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"the sandbox host is missing at {dll}: run `dotnet publish benchmarks/BootstrapPortal.SandboxHost -c Release -o benchmarks/.sandbox` (benchmarks/run-fleet.sh does)", dll);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--Sandbox:DataDirectory=" + Path.Combine(dataDirectory, "sandbox"));
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["DOTNET_gcServer"] = "0";
        var logPath = Path.Combine(dataDirectory, "sandbox.log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var ready = new TaskCompletionSource<(Uri, string)?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var sync = new object();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetResult(null);
                return;
            }

            lock (sync)
            {
                log.WriteLine(e.Data);
            }

            if (e.Data.StartsWith(ReadyPrefix, StringComparison.Ordinal) && e.Data[ReadyPrefix.Length..].Split(' ', 2) is [var server, var kubeconfig])
            {
                ready.TrySetResult((new Uri(server), kubeconfig));
            }
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (sync) { log.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new SandboxProcess(process, log, logPath, ready.Task);
    }

    /// <summary>Waits for the host's ready line; returns the admin kubeconfig's path.</summary>
    public async Task<string> WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var ready = await Ready.WaitAsync(timeout, cancellationToken);
        return ready?.Kubeconfig ?? throw new InvalidOperationException($"the sandbox host exited before it was ready; see {LogPath}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        await _log.DisposeAsync();
    }
}
