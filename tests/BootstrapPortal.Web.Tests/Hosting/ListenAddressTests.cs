using BootstrapPortal.Tests.Shared;
using BootstrapPortal.Web.Security;
using BootstrapPortal.Web.Tests.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace BootstrapPortal.Web.Tests.Hosting;

/// <summary>Without login the portal listens on loopback only: any other address stops the start, with a message that says why.</summary>
public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("urls", "http://0.0.0.0:0", "http://0.0.0.0:0")]
    [InlineData("urls", "http://127.0.0.1:0;http://[::]:0", "http://[::]:0")]
    [InlineData("http_ports", "8080", "http://*:8080")]
    [InlineData("Kestrel:Endpoints:Web:Url", "http://portal.example.com:8080", "http://portal.example.com:8080")]
    public void A_non_loopback_address_stops_the_start_before_it_is_bound(string key, string value, string named)
    {
        using var server = new PortalServer(new Dictionary<string, string?> { [key] = value, ["Sandbox:Nodes"] = "0" });
        var error = Assert.ThrowsAny<Exception>(() => server.Start());
        var message = StartupErrors.Flatten(error);
        Assert.Contains(named, message, StringComparison.Ordinal);
        Assert.Contains("--urls http://127.0.0.1:5080", message, StringComparison.Ordinal);
        Assert.Contains(PortalSecurityMode.AuthorityKey, message, StringComparison.Ordinal);
        Assert.Contains("Security:AllowRemoteAnonymous", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_explicit_opt_out_is_logged_as_a_warning()
    {
        // Listen options in code (loopback, as every test host) take precedence over "urls", so nothing binds beyond loopback.
        var logs = new CapturingLogSink();
        using var server = new PortalServer(
            new Dictionary<string, string?> { ["urls"] = "http://0.0.0.0:0", ["Security:AllowRemoteAnonymous"] = "true", ["Sandbox:Nodes"] = "0" },
            services => services.AddSingleton<ILogEventSink>(logs));
        server.Start();
        await Task.Yield();
        Assert.Contains(logs.Lines, l => l.Contains("AllowRemoteAnonymous", StringComparison.Ordinal) && l.Contains("0.0.0.0", StringComparison.Ordinal));
    }

    [Fact]
    public void Loopback_addresses_and_login_are_never_refused()
    {
        string[] addresses = ["http://127.0.0.1:5080", "http://localhost:5080", "http://[::1]:5080", "http://unix:/run/portal.sock"];
        Assert.Empty(ListenAddressGuard.Forbidden(new PortalSecurityMode(LoginConfigured: false), addresses));
        Assert.Empty(ListenAddressGuard.Forbidden(new PortalSecurityMode(LoginConfigured: true), ["http://0.0.0.0:80", "http://*:8080"]));
        Assert.Equal(["http://0.0.0.0:80"], ListenAddressGuard.Forbidden(new PortalSecurityMode(LoginConfigured: false), [.. addresses, "http://0.0.0.0:80"]));
    }

    /// <summary>The portal's own build output, as <c>dotnet run</c> would start it.</summary>
    private static string PortalAssembly()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BootstrapPortal.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.Combine(directory.FullName, "src", "BootstrapPortal.Web", "bin", configuration, "net10.0", "BootstrapPortal.Web.dll");
        Assert.True(File.Exists(path), path + " is missing: build the solution first");
        return path;
    }

    public static TheoryData<string[], Dictionary<string, string>, string[]> RefusedStarts => new()
    {
        { ["--urls", "http://0.0.0.0:5079"], new(), ["http://0.0.0.0:5079", "--urls http://127.0.0.1:5080", "Security:AllowRemoteAnonymous"] },
        { [], new() { ["ASPNETCORE_URLS"] = "http://+:5079" }, ["http://+:5079", "Security:AllowRemoteAnonymous"] },
        { ["--urls", "http://127.0.0.1:0", "--Authentication:OpenIdConnect:Authority=https://login.example.com"], new(), ["Security:AllowedHosts"] },
    };

    [Theory]
    [MemberData(nameof(RefusedStarts))]
    public async Task The_real_process_exits_non_zero_and_says_why(string[] arguments, Dictionary<string, string> environment, string[] expected)
    {
        var work = Directory.CreateTempSubdirectory("bp-listen-").FullName;
        try
        {
            string[] common = ["--environment", "Development", "--Sandbox:Nodes=0", "--Sandbox:DataDirectory=" + Path.Combine(work, "sandbox")];
            var result = await ExternalProcess.RunAsync("dotnet", [PortalAssembly(), .. arguments, .. common], work, TimeSpan.FromSeconds(120), environment);
            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.StartsWith("BootstrapPortal did not start: ", result.StdErr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
            var output = result.StdOut + result.StdErr;
            foreach (var text in expected)
            {
                Assert.Contains(text, output, StringComparison.Ordinal);
            }

            // The embedded sandbox listens on a loopback port of its own; the portal's refused address is never listened on.
            Assert.DoesNotContain(output.Split('\n'), line => line.Contains("Now listening on", StringComparison.Ordinal) && line.Contains(":5079", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
