using BootstrapPortal.Benchmarks.Fleet;
using BootstrapPortal.FleetHarness;

namespace BootstrapPortal.Benchmarks.Tests;

public sealed class HarnessOptionsTests
{
    [Fact]
    public void NoArgumentsIsTheTargetFleet()
    {
        var (options, error) = HarnessOptions.Parse([]);
        Assert.Null(error);
        Assert.Equal(new FleetShape(5000, 10000, 2000, 500, 2000), options!.Fleet);
        Assert.Equal(20, options.ApiClients);
        Assert.Equal(5, options.Browsers);
        Assert.Equal((1000, 1000, 1), (options.BulkApprovals, options.BulkBatch, options.BulkConcurrency));
        Assert.False(options.SkipPipeline);
        Assert.False(options.EmbeddedSandbox);
        Assert.Equal("benchmarks/.sandbox", options.SandboxHost);
    }

    [Fact]
    public void EveryArgumentIsRead()
    {
        var (options, error) = HarnessOptions.Parse(["--nodes", "300", "--csrs", "600", "--pending", "120", "--tokens", "20", "--bindings", "40",
            "--api-clients", "4", "--requests", "10", "--browsers", "2", "--bulk", "50", "--bulk-batch", "20", "--bulk-concurrency", "3", "--idle-seconds", "5",
            "--after-close-seconds", "0", "--portal", "/tmp/portal", "--output", "/tmp/out", "--chromium", "/opt/chromium", "--skip-pipeline",
            "--sandbox", "/tmp/sandbox", "--embedded-sandbox"]);
        Assert.Null(error);
        Assert.Equal(new FleetShape(300, 600, 120, 20, 40), options!.Fleet);
        Assert.Equal(480, options.Fleet.IssuedCsrs);
        Assert.Equal((4, 10, 2, 50, 3, 5, 0), (options.ApiClients, options.RequestsPerClient, options.Browsers, options.BulkApprovals, options.BulkConcurrency, options.IdleSeconds, options.AfterCloseSeconds));
        Assert.Equal(20, options.BulkBatch);
        Assert.Equal(("/tmp/portal", "/tmp/out", "/opt/chromium"), (options.Portal, options.Output, options.Chromium));
        Assert.True(options.SkipPipeline);
        Assert.True(options.EmbeddedSandbox);
        Assert.Equal("/tmp/sandbox", options.SandboxHost);
    }

    [Theory]
    [InlineData("--nodes", "many", "--nodes")]
    [InlineData("--nodes", "-1", "--nodes")]
    [InlineData("--csrs", "200001", "--csrs")]
    [InlineData("--api-clients", "0", "--api-clients")]
    [InlineData("--requests", "1.5", "--requests")]
    [InlineData("--bulk-batch", "1001", "--bulk-batch")]
    [InlineData("--bulk-batch", "0", "--bulk-batch")]
    [InlineData("--frobnicate", "1", "--frobnicate")]
    public void BadArgumentsAreErrorsNamingThem(string name, string value, string named)
    {
        var (options, error) = HarnessOptions.Parse([name, value]);
        Assert.Null(options);
        Assert.StartsWith(named, error, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingValueIsAnError()
    {
        var (options, error) = HarnessOptions.Parse(["--nodes"]);
        Assert.Null(options);
        Assert.Equal("--nodes: a value is missing", error);
    }

    [Fact]
    public void MorePendingThanCsrsIsAnError()
    {
        var (options, error) = HarnessOptions.Parse(["--csrs", "10", "--pending", "11"]);
        Assert.Null(options);
        Assert.Contains("--pending", error, StringComparison.Ordinal);
    }

    [Fact]
    public void HelpReturnsTheUsage()
    {
        var (options, error) = HarnessOptions.Parse(["--help"]);
        Assert.Null(options);
        Assert.Equal(HarnessOptions.Usage, error);
        Assert.Contains("--bulk-concurrency", error, StringComparison.Ordinal);
        Assert.Contains("--bulk-batch", error, StringComparison.Ordinal);
    }
}
