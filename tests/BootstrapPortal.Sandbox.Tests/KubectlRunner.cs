using System.Diagnostics;

namespace BootstrapPortal.Sandbox.Tests;

/// <summary>Runs a real kubectl (bounded in time) against a kubeconfig the sandbox wrote.</summary>
internal static class KubectlRunner
{
    public const string Kubectl = "/usr/bin/kubectl";

    /// <summary>The versioned binaries beside the dispatcher (kubectl.1.27 … kubectl.1.33) that exist on this machine.</summary>
    public static IReadOnlyList<string> Versions()
    {
        var target = new FileInfo(Kubectl).LinkTarget is { } link ? Path.GetDirectoryName(Path.GetFullPath(link, "/usr/bin"))! : "/usr/bin";
        return [.. Enumerable.Range(27, 7).Select(m => Path.Combine(target, $"kubectl.1.{m}")).Concat(Enumerable.Range(27, 7).Select(m => $"/usr/bin/kubectl.1.{m}"))
            .Where(File.Exists).Distinct(StringComparer.Ordinal)];
    }

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string kubeconfig, string kubectl, params string[] args)
    {
        var start = new ProcessStartInfo(kubectl) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfig);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["KUBECACHEDIR"] = Path.Combine(Path.GetDirectoryName(kubeconfig)!, "kubectl-cache-" + Path.GetFileName(kubectl));
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }
}
