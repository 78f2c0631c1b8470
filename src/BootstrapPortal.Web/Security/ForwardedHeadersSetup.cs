using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Web.Security;

/// <summary>
/// Forwarded headers are honoured only from <c>Security:KnownProxies</c> / <c>Security:KnownNetworks</c>. This runs after
/// every other configuration of <see cref="ForwardedHeadersOptions"/>, including the host's own
/// <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c> set-up, which empties both lists and so would trust any peer (an empty list
/// means "anyone" to the middleware). With no proxy configured, no forwarded header is read at all.
/// </summary>
public sealed class ForwardedHeadersSetup(IOptions<SecurityOptions> security) : IPostConfigureOptions<ForwardedHeadersOptions>
{
    /// <summary>The host's own switch (<c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c>), under which it adds the middleware itself.</summary>
    public const string HostSwitchKey = "ForwardedHeaders_Enabled";

    public void PostConfigure(string? name, ForwardedHeadersOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = security.Value;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in settings.KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy.Trim()));
        }

        foreach (var network in settings.KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network.Trim()));
        }

        options.ForwardedHeaders = HasProxies(settings)
            ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost
            : ForwardedHeaders.None;
        options.ForwardLimit = settings.ForwardLimit;
    }

    public static bool HasProxies(SecurityOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.KnownProxies.Count > 0 || settings.KnownNetworks.Count > 0;
    }
}
