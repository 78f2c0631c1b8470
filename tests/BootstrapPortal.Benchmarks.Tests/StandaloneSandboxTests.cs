using BootstrapPortal.SandboxHost;
using k8s;

namespace BootstrapPortal.Benchmarks.Tests;

public sealed class StandaloneSandboxTests
{
    [Fact]
    public void SettingsAreThePortalsSandboxKeys()
    {
        var data = Path.Combine(Path.GetTempPath(), "bp-standalone-keys");
        var options = StandaloneSandbox.ReadOptions(["--Sandbox:Nodes=2", "--Sandbox:Fleet:Nodes=40", "--Sandbox:Fleet:NodeStatusInterval=00:05:00", "--Sandbox:DataDirectory=" + data]);
        Assert.Equal(2, options.Nodes);
        Assert.Equal(40, options.Fleet.Nodes);
        Assert.Equal(TimeSpan.FromMinutes(5), options.Fleet.NodeStatusInterval);
        Assert.Equal(Path.Combine(data, "sandbox-admin.kubeconfig"), options.KubeconfigPath);
    }

    [Theory]
    [InlineData("--Sandbox:Nodes=many")]
    [InlineData("--Sandbox:Fleet:Nodez=3")]
    [InlineData("--Sandbox:Fleet:Nodes=-5")]
    public async Task BadSettingsExitWithAnError(string argument)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await StandaloneSandbox.RunAsync([argument, "--Sandbox:DataDirectory=" + Directory.CreateTempSubdirectory("bp-standalone-").FullName], output, error, CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output.ToString());
        Assert.Contains("Sandbox", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServesTheFleetToTheOfficialClientUntilStopped()
    {
        var data = Directory.CreateTempSubdirectory("bp-standalone-").FullName;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken.None);
        using var output = new ReadyWriter();
        using var error = new StringWriter();
        var run = StandaloneSandbox.RunAsync(["--Sandbox:Nodes=1", "--Sandbox:Fleet:Nodes=30", "--Sandbox:Fleet:PendingCsrs=5", "--Sandbox:Fleet:IssuedCsrs=10",
            "--Sandbox:DataDirectory=" + data], output, error, stop.Token);
        var line = await output.Ready.Task.WaitAsync(TimeSpan.FromMinutes(3), CancellationToken.None);
        var parts = line[StandaloneSandbox.ReadyPrefix.Length..].Split(' ');
        Assert.StartsWith("https://", parts[0], StringComparison.Ordinal);
        using (var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(parts[1])))
        {
            var nodes = await client.CoreV1.ListNodeAsync(cancellationToken: CancellationToken.None);
            Assert.True(nodes.Items.Count >= 30, $"{nodes.Items.Count} nodes");
            var csrs = await client.CertificatesV1.ListCertificateSigningRequestAsync(cancellationToken: CancellationToken.None);
            Assert.True(csrs.Items.Count >= 15, $"{csrs.Items.Count} CSRs");
        }

        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.Equal(string.Empty, error.ToString());
    }

    /// <summary>Collects what the host writes and completes <see cref="Ready"/> with its ready line.</summary>
    private sealed class ReadyWriter : StringWriter
    {
        public TaskCompletionSource<string> Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override Task WriteLineAsync(string? value)
        {
            if (value is not null && value.StartsWith(StandaloneSandbox.ReadyPrefix, StringComparison.Ordinal))
            {
                Ready.TrySetResult(value);
            }

            return base.WriteLineAsync(value);
        }
    }
}
