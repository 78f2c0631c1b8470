using System.Net;
using BootstrapPortal.Core.Cache;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BootstrapPortal.Tests.Shared;

/// <summary>
/// The real portal host on a real Kestrel socket on loopback, configured through ordinary configuration keys.
/// Shared by the Web and Browser test projects (linked source).
/// </summary>
public sealed class PortalServer : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    /// <param name="settings">Configuration keys on top of the test defaults.</param>
    /// <param name="services">Extra services for the host (e.g. a log sink or a startup filter of a test).</param>
    public PortalServer(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _services = services;
        DataDirectory = Directory.CreateTempSubdirectory("bp-portal-").FullName;
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Sandbox:Nodes"] = "2",
            ["Sandbox:DataDirectory"] = DataDirectory,
            ["ConnectionStrings:Ledger"] = "Data Source=" + Path.Combine(DataDirectory, "portal.db"),
            ["Cache:InitialBackoff"] = "00:00:00.200",
            ["Cache:MaxBackoff"] = "00:00:02",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string DataDirectory { get; }

    /// <summary>Starts Kestrel on 127.0.0.1 with a free port and returns the base address.</summary>
    public Uri Start()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First());
    }

    /// <summary>A CSR, a registered node and a ClusterRoleBinding of the sandbox, once its kubelets have joined (for detail pages).</summary>
    public async Task<(string Csr, string Node, string Binding)> SampleObjectsAsync()
    {
        var cache = Services.GetRequiredService<ClusterCache>();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (cache.Nodes.Items.Count == 0 || cache.CertificateSigningRequests.Items.Count == 0 || cache.ClusterRoleBindings.Items.Count == 0)
        {
            await Task.Delay(200, cts.Token);
        }

        return (cache.CertificateSigningRequests.Items.First().Metadata.Name, cache.Nodes.Items.First().Metadata.Name, cache.ClusterRoleBindings.Items.First().Metadata.Name);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
