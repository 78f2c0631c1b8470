using BootstrapPortal.Sandbox.Server;
using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BootstrapPortal.Sandbox.Tests;

/// <summary>One sandbox cluster shared by the tests of a collection; stopped at the end.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "sandbox-tests-" + Guid.NewGuid().ToString("N"));

    public SandboxCluster Cluster { get; private set; } = null!;

    public Kubernetes Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var settings = new SandboxServerSettings { HistoryCapacity = 1000 };
        Cluster = await SandboxCluster.StartAsync(new SandboxOptions { DataDirectory = directory, Nodes = 0 },
            Environment.GetEnvironmentVariable("SANDBOX_TEST_LOGS") == "1"
                ? LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug))
                : NullLoggerFactory.Instance, settings, [new BootstrapPortal.Sandbox.Controllers.NamespaceLifecycleComponent()], timeout.Token);
        Admin = new Kubernetes(Cluster.CreateAdminConfiguration());
    }

    public Kubernetes ClientFor(string user, params string[] groups) => new(Cluster.CreateClientConfiguration(user, groups));

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        await Cluster.DisposeAsync();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SandboxCollection : ICollectionFixture<SandboxFixture>
{
    public const string Name = "sandbox";
}
