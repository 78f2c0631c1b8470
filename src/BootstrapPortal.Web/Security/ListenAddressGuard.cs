using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Web.Security;

/// <summary>
/// Local mode listens on loopback only. Before the server binds, the configured addresses (<c>--urls</c>,
/// <c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c>/<c>HTTPS_PORTS</c>, <c>Kestrel:Endpoints</c>) are checked; after it bound,
/// the addresses it really listens on (which also covers listen options set in code). Either way a non-loopback address stops
/// the start with a message that says why and how to fix it, unless <c>Security:AllowRemoteAnonymous</c> is set, which is
/// logged as a warning. With login configured the portal may listen anywhere.
/// </summary>
public sealed partial class ListenAddressGuard(
    PortalSecurityMode mode,
    IOptions<SecurityOptions> options,
    IConfiguration configuration,
    IServer server,
    ILogger<ListenAddressGuard> logger) : IHostedService
{
    /// <summary>Before the server binds (called by <see cref="ListenAddressStartupFilter"/> while the pipeline is built).</summary>
    public void CheckConfigured() => Check(ConfiguredAddresses(configuration), "is configured to listen on");

    /// <summary>Hosted services start after the web server, so the addresses it really listens on are known here.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Check(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [], "listens on");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The addresses the configuration asks Kestrel to listen on (empty means Kestrel's default, localhost).</summary>
    public static IReadOnlyList<string> ConfiguredAddresses(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var addresses = new List<string>();
        addresses.AddRange(Split(configuration["urls"]));
        addresses.AddRange(Split(configuration["http_ports"]).Select(p => "http://*:" + p));
        addresses.AddRange(Split(configuration["https_ports"]).Select(p => "https://*:" + p));
        addresses.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        return addresses;
    }

    /// <summary>Whether a listen address (<c>http://127.0.0.1:5080</c>, <c>http://*:80</c>, <c>http://unix:/run/p.sock</c>) is local only.</summary>
    public static bool IsLoopbackAddress(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        BindingAddress parsed;
        try
        {
            parsed = BindingAddress.Parse(address.Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        return parsed.IsUnixPipe || parsed.IsNamedPipe || HostNames.IsLoopbackListenHost(parsed.Host);
    }

    /// <summary>The addresses local mode may not listen on (none once login is configured).</summary>
    public static string[] Forbidden(PortalSecurityMode mode, IEnumerable<string> addresses)
    {
        ArgumentNullException.ThrowIfNull(mode);
        ArgumentNullException.ThrowIfNull(addresses);
        return mode.IsLocal ? addresses.Where(a => !IsLoopbackAddress(a)).ToArray() : [];
    }

    private void Check(IEnumerable<string> addresses, string stage)
    {
        var remote = Forbidden(mode, addresses);
        if (remote.Length == 0)
        {
            return;
        }

        var list = string.Join(", ", remote);
        if (options.Value.AllowRemoteAnonymous)
        {
            LogRemoteAnonymous(logger, stage, list);
            return;
        }

        var message =
            $"The portal has no login configured, so it may listen on loopback only, but it {stage} {list}. " +
            "Listen on loopback (for example --urls http://127.0.0.1:5080), configure login with " + PortalSecurityMode.AuthorityKey +
            ", or, on an isolated network only, set Security:AllowRemoteAnonymous=true (anyone who reaches the port then acts as an administrator).";
        LogRefusedToStart(logger, message);
        throw new PortalStartupException(message);
    }

    private static string[] Split(string? value) =>
        (value ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Security:AllowRemoteAnonymous is set and the portal {Stage} {Addresses} without login: anyone who reaches it acts as an administrator")]
    private static partial void LogRemoteAnonymous(ILogger logger, string stage, string addresses);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Message}")]
    private static partial void LogRefusedToStart(ILogger logger, string message);
}
