using BootstrapPortal.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BootstrapPortal.SandboxHost;

/// <summary>
/// Runs the sandbox cluster alone until cancelled. Settings are the portal's <c>Sandbox:*</c> keys, given as
/// <c>--Sandbox:Fleet:Nodes=5000</c> arguments or <c>Sandbox__Fleet__Nodes</c> environment variables. When the server
/// listens, one line <c>ready {server} {kubeconfig}</c> is written to standard output (the admin kubeconfig's path, for
/// kubectl or a portal in <c>Cluster:Mode=Kubeconfig</c>).
/// </summary>
public static partial class StandaloneSandbox
{
    public const string ReadyPrefix = "ready ";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        SandboxOptions options;
        try
        {
            options = ReadOptions(args);
        }
        catch (InvalidOperationException ex)
        {
            // The binder's message names the key and the value it could not convert.
            await error.WriteLineAsync("Invalid sandbox settings: " + ex.Message);
            return 2;
        }

        using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        SandboxCluster cluster;
        try
        {
            cluster = await SandboxCluster.StartAsync(options, loggerFactory, cancellationToken);
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return 2;
        }

        await using (cluster)
        {
            await output.WriteLineAsync(ReadyPrefix + cluster.ServerUri + " " + cluster.KubeconfigPath);
            await output.FlushAsync(cancellationToken);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Stopped by Ctrl+C or SIGTERM.
            }
        }

        return 0;
    }

    /// <summary>The <c>Sandbox</c> section from the environment and the arguments, with the data directory defaulted under the working directory.</summary>
    public static SandboxOptions ReadOptions(string[] args)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
        var options = configuration.GetSection(SandboxOptions.SectionName).Get<SandboxOptions>(o => o.ErrorOnUnknownConfiguration = true) ?? new SandboxOptions();
        var data = string.IsNullOrWhiteSpace(options.DataDirectory) ? Path.Combine(Directory.GetCurrentDirectory(), ".data", "sandbox") : Path.GetFullPath(options.DataDirectory);
        options.DataDirectory = data;
        if (string.IsNullOrWhiteSpace(options.KubeconfigPath))
        {
            options.KubeconfigPath = Path.Combine(data, "sandbox-admin.kubeconfig");
        }

        return options;
    }
}
