using System.Diagnostics;

namespace BootstrapPortal.Sandbox.Tests.Kubelets;

internal static class KubeletTestSupport
{
    public static (int ExitCode, string Output) Openssl(params string[] args) => Run("openssl", stdin: null, args);

    public static (int ExitCode, string Output) Kubectl(string kubeconfig, params string[] args) =>
        Run("kubectl", stdin: null, ["--kubeconfig", kubeconfig, .. args]);

    public static (int ExitCode, string Output) OpensslStdin(string input, params string[] args) => Run("openssl", input, args);

    /// <summary>Runs a real program with a 30 s bound; returns its exit code and stdout followed by stderr.</summary>
    private static (int ExitCode, string Output) Run(string program, string? stdin, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardInput = stdin is not null, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(30_000))
        {
            process.Kill();
            throw new TimeoutException(program + " did not finish");
        }

        return (process.ExitCode, output.Result + error.Result);
    }

    /// <summary>Runs <c>openssl verify -CAfile ca.crt node.crt</c> and asserts it accepts the certificate.</summary>
    public static void AssertOpensslVerifies(string caPem, string certificatePem)
    {
        var dir = Directory.CreateTempSubdirectory("openssl-verify");
        try
        {
            var ca = Path.Combine(dir.FullName, "ca.crt");
            var node = Path.Combine(dir.FullName, "node.crt");
            File.WriteAllText(ca, caPem);
            File.WriteAllText(node, certificatePem);
            var (code, output) = Openssl("verify", "-CAfile", ca, node);
            Assert.True(code == 0, "openssl verify failed: " + output);
            Assert.Contains(node + ": OK", output, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    public static string TokenId(string token) => token.Split('.')[0];
}
