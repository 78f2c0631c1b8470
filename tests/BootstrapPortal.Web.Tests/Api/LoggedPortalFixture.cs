using System.Net;
using BootstrapPortal.Tests.Shared;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace BootstrapPortal.Web.Tests.Api;

/// <summary>
/// A portal on the embedded sandbox whose logs (portal and sandbox, every level, with all structured properties) also go
/// to an in-memory Serilog sink, so tests can scan every log line.
/// </summary>
public sealed class LoggedPortalFixture : IAsyncLifetime
{
    private readonly HashSet<string> _secrets = new(StringComparer.Ordinal);

    private WebApplicationFactory<Program>? _host;

    public LoggedPortalFixture()
    {
        WorkDirectory = Directory.CreateTempSubdirectory("bp-e2e-").FullName;
        Server = new PortalServer(new Dictionary<string, string?>
        {
            ["Sandbox:Nodes"] = "0",
            ["Sandbox:DemoMisfits"] = "false",
            ["Serilog:MinimumLevel:Default"] = "Verbose",
            ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Verbose",
            ["Serilog:MinimumLevel:Override:System.Net.Http.HttpClient"] = "Verbose",
        });
    }

    public PortalServer Server { get; }

    public string WorkDirectory { get; }

    /// <summary>Every log event of the portal and its sandbox (Serilog picks up sinks registered as services).</summary>
    public CapturingLogSink Logs { get; } = new();

    /// <summary>The running host's services.</summary>
    public IServiceProvider Services => _host!.Services;

    public HttpClient Client { get; private set; } = default!;

    /// <summary>Every token secret the tests saw; none may ever appear in a log line.</summary>
    public IReadOnlyCollection<string> Secrets
    {
        get
        {
            lock (_secrets)
            {
                return [.. _secrets];
            }
        }
    }

    public void RememberToken(string token)
    {
        var secret = token.Split('.')[1];
        lock (_secrets)
        {
            _secrets.Add(secret);
        }
    }

    public async Task InitializeAsync()
    {
        // The portal as PortalServer configures it, plus the capturing sink; served by Kestrel on 127.0.0.1.
        _host = Server.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILogEventSink>(Logs)));
        _host.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _host.StartServer();
        var baseAddress = new Uri(_host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            using var response = await Client.GetAsync(new Uri("/readyz", UriKind.Relative), cts.Token);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(200, cts.Token);
        }
    }

    public IReadOnlyList<string> LogLines() => Logs.Lines;

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await Server.DisposeAsync();
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
