using System.Diagnostics;

namespace BootstrapPortal.Core.Tests.Certificates;

/// <summary>Runs the real /usr/bin/openssl (bounded by a timeout; the process is killed if it overruns).</summary>
internal static class OpenSsl
{
    private const string Path = "/usr/bin/openssl";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    public static Result Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["OPENSSL_CONF"] = "/dev/null";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"openssl {string.Join(' ', arguments)} did not finish in {Timeout}");
        }

        process.WaitForExit();
        return new Result(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>Runs openssl and fails the test unless it exits with 0.</summary>
    public static string Ok(string workingDirectory, params string[] arguments)
    {
        var result = Run(workingDirectory, arguments);
        Assert.True(result.ExitCode == 0,
            $"openssl {string.Join(' ', arguments)} exited {result.ExitCode}: {result.StdErr}");
        return result.StdOut;
    }
}
