using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace BootstrapPortal.Tests.Shared;

/// <summary>
/// A real, throwaway PostgreSQL server from Debian's <c>postgresql</c> package, started once per test run on a free loopback
/// port with a temporary data folder (as the <c>postgres</c> OS user when the tests run as root), and stopped when the test
/// process exits — also when it is killed: a watchdog stops the server once the test process is gone. Each test class
/// creates its own database with <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly string _dataRoot;
    private readonly Process _process;
    private int _databases;

    private PostgresServer(string dataRoot, int port, Process process)
    {
        _dataRoot = dataRoot;
        Port = port;
        _process = process;
    }

    public int Port { get; }

    /// <summary>The server of this test run (started on first use).</summary>
    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix.ToLowerInvariant()}_{Interlocked.Increment(ref _databases)}_{Environment.ProcessId}";
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Include Error Detail=true;Timeout=30;Command Timeout=60";

    private static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBinaries();
        var asRoot = Environment.UserName == "root";
        var dataRoot = Directory.CreateTempSubdirectory("bp-postgres-").FullName;
        var data = Path.Combine(dataRoot, "data");
        if (asRoot)
        {
            // PostgreSQL refuses to run as root: the data folder belongs to the postgres user.
            await RunAsync("chown", ["-R", "postgres:postgres", dataRoot]);
        }

        await RunAsync(asRoot ? "runuser" : Path.Combine(bin, "initdb"),
            [.. Prefix(asRoot, Path.Combine(bin, "initdb")), "-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync"]);

        var port = FreePort();
        var postgres = string.Join(' ', new[]
        {
            Path.Combine(bin, "postgres"), "-D", data, "-p", port.ToString(CultureInfo.InvariantCulture), "-k", dataRoot,
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            "-c", "max_connections=300", "-c", "shared_buffers=32MB",
        }.Select(Quote));
        // The watchdog stops the server and removes its files when the test process is gone, however it ended.
        var script = $"{postgres} & pg=$!; while [ -d /proc/{Environment.ProcessId} ] && kill -0 $pg 2>/dev/null; do sleep 1; done; kill -INT $pg 2>/dev/null; wait $pg; rm -rf {Quote(dataRoot)}";
        var start = new ProcessStartInfo(asRoot ? "runuser" : "bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in Prefix(asRoot, "bash").Concat(["-c", script]))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start PostgreSQL");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PostgresServer(dataRoot, port, process);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        return server;
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"PostgreSQL exited with code {_process.ExitCode} while starting (data folder {_dataRoot}).");
            }

            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
                await connection.OpenAsync();
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
            {
                last = ex;
                await Task.Delay(200);
            }
        }

        throw new TimeoutException($"PostgreSQL did not accept connections within {timeout}: {last?.Message}");
    }

    private void Stop()
    {
        // Immediate shutdown of the postmaster (its pid is the first line of postmaster.pid); the watchdog then ends too.
        try
        {
            var pidFile = Path.Combine(_dataRoot, "data", "postmaster.pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).First(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                using var kill = Process.Start("kill", ["-QUIT", pid.ToString(CultureInfo.InvariantCulture)]);
                kill.WaitForExit(5_000);
                for (var i = 0; i < 50 && Directory.Exists($"/proc/{pid}"); i++)
                {
                    Thread.Sleep(100);
                }
            }

            _process.WaitForExit(5_000);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }

        for (var attempt = 0; attempt < 5 && Directory.Exists(_dataRoot); attempt++)
        {
            try
            {
                Directory.Delete(_dataRoot, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Thread.Sleep(200);
            }
        }
    }

    private static string FindBinaries()
    {
        var root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(d => File.Exists(Path.Combine(d.Dir, "initdb")))
                .OrderByDescending(d => d.Version)
                .Select(d => d.Dir)
                .FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): install Debian's postgresql package, as .ci/test does.");
    }

    private static string[] Prefix(bool asRoot, string program) => asRoot ? ["-u", "postgres", "--", program] : [];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static async Task RunAsync(string program, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + program);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
    }
}
