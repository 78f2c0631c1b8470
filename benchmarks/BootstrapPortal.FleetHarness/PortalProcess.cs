using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace BootstrapPortal.FleetHarness;

/// <summary>
/// The published portal as a child process (Release, real Kestrel, Production environment; on its embedded sandbox or against
/// an external cluster's kubeconfig) on a free
/// loopback port, its data in a fresh folder; its output goes to <c>portal.log</c> in that folder.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly string? _externalKubeconfig;

    private PortalProcess(Process process, StreamWriter log, Uri baseAddress, string dataDirectory, DateTime startedAt, string? externalKubeconfig)
    {
        _externalKubeconfig = externalKubeconfig;
        _process = process;
        _log = log;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
        StartedAt = startedAt;
    }

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public DateTime StartedAt { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// The cluster's admin kubeconfig: the external cluster's, or where the embedded sandbox writes its own (its default under
    /// <c>Sandbox:DataDirectory</c>).
    /// </summary>
    public string KubeconfigPath => _externalKubeconfig ?? Path.Combine(DataDirectory, "sandbox", "sandbox-admin.kubeconfig");

    public string LogPath => Path.Combine(DataDirectory, "portal.log");

    /// <summary>
    /// Starts the portal: on its embedded sandbox, or with <paramref name="externalKubeconfig"/> against that cluster
    /// (<c>Kubernetes:Mode=Kubeconfig</c>), in <paramref name="dataDirectory"/> or a fresh folder.
    /// </summary>
    public static PortalProcess Start(string portal, IEnumerable<KeyValuePair<string, string>> settings, string? externalKubeconfig = null, string? dataDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(portal);
        ArgumentNullException.ThrowIfNull(settings);
        var dll = Path.GetFullPath(Directory.Exists(portal) ? Path.Combine(portal, "BootstrapPortal.Web.dll") : portal);
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"the published portal is missing at {dll}: run `dotnet publish src/BootstrapPortal.Web -c Release -o benchmarks/.portal` (benchmarks/run-fleet.sh does)", dll);
        }

        var data = dataDirectory ?? Directory.CreateTempSubdirectory("bp-fleet-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(dll))!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.ArgumentList.Add("--Sandbox:DataDirectory=" + Path.Combine(data, "sandbox"));
        start.ArgumentList.Add("--ConnectionStrings:Ledger=Data Source=" + Path.Combine(data, "portal.db"));
        if (externalKubeconfig is not null)
        {
            start.ArgumentList.Add("--Kubernetes:Mode=Kubeconfig");
            start.ArgumentList.Add("--Kubernetes:KubeconfigPath=" + externalKubeconfig);
        }

        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var log = new StreamWriter(Path.Combine(data, "portal.log")) { AutoFlush = true };
        var startedAt = DateTime.UtcNow;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var sync = new object();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (sync) { log.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (sync) { log.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new PortalProcess(process, log, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"), data, startedAt, externalKubeconfig);
    }

    /// <summary>Polls <c>/readyz</c> until 200; returns the time since start.</summary>
    public async Task<TimeSpan> WaitReadyAsync(HttpClient http, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the portal exited with code {_process.ExitCode}; see {LogPath}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "readyz"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return DateTime.UtcNow - StartedAt;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"the portal was not ready within {timeout}; see {LogPath}");
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
