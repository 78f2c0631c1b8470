using System.Net;
using Microsoft.Extensions.Options;

namespace BootstrapPortal.Web.Security;

/// <summary>Checks the <c>Security</c> section at start; every message names its key.</summary>
public sealed class SecurityOptionsValidator(PortalSecurityMode mode) : IValidateOptions<SecurityOptions>
{
    public const long MinApiBodyBytes = 1024;
    public const long MaxApiBodyBytesLimit = 16 * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        for (var i = 0; i < options.AllowedHosts.Count; i++)
        {
            if (HostNames.ValidateAllowedHost(options.AllowedHosts[i]?.Trim()) is { } reason)
            {
                failures.Add($"Security:AllowedHosts:{i} {reason}.");
            }
        }

        if (mode.LoginConfigured && options.AllowedHosts.Count == 0)
        {
            failures.Add($"Security:AllowedHosts must list the host names the portal is reached by (e.g. portal.example.com) once login is configured ({PortalSecurityMode.AuthorityKey}).");
        }

        for (var i = 0; i < options.KnownProxies.Count; i++)
        {
            if (!IPAddress.TryParse(options.KnownProxies[i]?.Trim(), out _))
            {
                failures.Add($"Security:KnownProxies:{i} must be an IP address (e.g. 10.0.0.5).");
            }
        }

        for (var i = 0; i < options.KnownNetworks.Count; i++)
        {
            if (!System.Net.IPNetwork.TryParse(options.KnownNetworks[i]?.Trim(), out _))
            {
                failures.Add($"Security:KnownNetworks:{i} must be a CIDR range (e.g. 10.0.0.0/8).");
            }
        }

        if (options.ForwardLimit is < 1 or > 10)
        {
            failures.Add("Security:ForwardLimit must be between 1 and 10.");
        }

        if (options.MaxApiBodyBytes is < MinApiBodyBytes or > MaxApiBodyBytesLimit)
        {
            failures.Add($"Security:MaxApiBodyBytes must be between {MinApiBodyBytes} and {MaxApiBodyBytesLimit}.");
        }

        var limit = options.MintingRateLimit;
        if (limit.PermitLimit is < 1 or > 100_000)
        {
            failures.Add("Security:MintingRateLimit:PermitLimit must be between 1 and 100000.");
        }

        if (limit.Window < TimeSpan.FromSeconds(1) || limit.Window > TimeSpan.FromDays(1))
        {
            failures.Add("Security:MintingRateLimit:Window must be between 00:00:01 and 1.00:00:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
