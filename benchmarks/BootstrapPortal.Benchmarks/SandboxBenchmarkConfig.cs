using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace BootstrapPortal.Benchmarks;

/// <summary>
/// For benchmarks whose setup starts a sandbox and fills it (minutes on a busy machine): in this process, one call per
/// iteration (each iteration first changes the cluster), and an hour before BenchmarkDotNet gives up.
/// </summary>
public sealed class SandboxBenchmarkConfig : ManualConfig
{
    public SandboxBenchmarkConfig()
    {
        AddJob(Job.Default
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(1), logOutput: true))
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithWarmupCount(3)
            .WithIterationCount(20));
    }
}
