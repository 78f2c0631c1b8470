using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace BootstrapPortal.FleetHarness;

/// <summary>What the operator's fallback found: every CSR's subject CN and whether its self-signature verified.</summary>
public sealed record PipelineResult(TimeSpan Elapsed, TimeSpan KubectlElapsed, IReadOnlyDictionary<string, string?> CommonNames, int Verified, int Failed);

/// <summary>
/// The operator's fallback for "every CSR, decoded and verified": <c>kubectl get csr -o json</c>, then one
/// <c>openssl req -noout -verify -subject</c> per CSR with the decoded <c>spec.request</c> on stdin, one after another as a
/// shell loop runs them.
/// </summary>
public static class OperatorPipeline
{
    public static async Task<PipelineResult> RunAsync(string kubeconfig, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var (code, json, error) = await RunAsync("kubectl", ["--kubeconfig", kubeconfig, "get", "csr", "-o", "json"], null, cancellationToken);
        if (code != 0)
        {
            throw new InvalidOperationException("kubectl get csr failed: " + error);
        }

        var kubectlElapsed = total.Elapsed;
        var names = new Dictionary<string, string?>(StringComparer.Ordinal);
        var verified = 0;
        var failed = 0;
        using var document = JsonDocument.Parse(json);
        foreach (var item in document.RootElement.GetProperty("items").EnumerateArray())
        {
            var name = item.GetProperty("metadata").GetProperty("name").GetString() ?? string.Empty;
            var pem = Encoding.ASCII.GetString(Convert.FromBase64String(item.GetProperty("spec").GetProperty("request").GetString() ?? string.Empty));
            var (exit, output, errors) = await RunAsync("openssl", ["req", "-noout", "-verify", "-subject", "-nameopt", "RFC2253"], pem, cancellationToken);
            if (exit == 0 && (output + errors).Contains("verify OK", StringComparison.Ordinal))
            {
                verified++;
            }
            else
            {
                failed++;
            }

            names[name] = CommonNameOf(output);
        }

        return new PipelineResult(total.Elapsed, kubectlElapsed, names, verified, failed);
    }

    /// <summary>The CN of openssl's <c>subject=</c> line in RFC 2253 form (<c>subject=CN=x,O=y</c>); null when absent.</summary>
    public static string? CommonNameOf(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var line in output.Split('\n'))
        {
            if (!line.StartsWith("subject=", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var part in line["subject=".Length..].Trim().Split(','))
            {
                if (part.StartsWith("CN=", StringComparison.Ordinal))
                {
                    return part[3..];
                }
            }
        }

        return null;
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string file, string[] args, string? input, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input is not null, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException(file + " did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output, await error);
    }
}
