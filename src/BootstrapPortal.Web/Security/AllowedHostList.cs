using Microsoft.Extensions.Options;

namespace BootstrapPortal.Web.Security;

/// <summary>
/// The host names this portal answers to: the loopback names in local mode, plus <c>Security:AllowedHosts</c>. A request
/// under any other name (a DNS-rebinding page, a mistyped proxy) is refused before anything else runs.
/// </summary>
public sealed class AllowedHostList
{
    private readonly string[] _configured;
    private readonly bool _loopbackNames;

    public AllowedHostList(PortalSecurityMode mode, IOptions<SecurityOptions> options)
    {
        ArgumentNullException.ThrowIfNull(mode);
        ArgumentNullException.ThrowIfNull(options);
        _loopbackNames = mode.IsLocal;
        _configured = options.Value.AllowedHosts.Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => h.Trim()).ToArray();
    }

    /// <summary>Whether a request whose Host is <paramref name="host"/> (no port) is served.</summary>
    public bool Allows(string? host) =>
        !string.IsNullOrEmpty(host) && ((_loopbackNames && HostNames.IsLoopbackName(host)) || IsConfigured(host));

    /// <summary>Whether <paramref name="host"/> is one of the configured <c>Security:AllowedHosts</c> (loopback names not included).</summary>
    public bool IsConfigured(string? host) =>
        !string.IsNullOrEmpty(host) && _configured.Any(entry => HostNames.Matches(host, entry));
}
