using BootstrapPortal.Web.Authentication;

namespace BootstrapPortal.Web.Security;

/// <summary>
/// Whether the portal runs with login (OpenID Connect) or in local mode, decided from configuration in this one place.
/// Local mode is the default: no <c>Authentication:OpenIdConnect:Authority</c> is configured, so nobody is signed in, the
/// portal listens on loopback only, serves only loopback clients and loopback host names, and every caller acts as the
/// machine's owner.
/// </summary>
public sealed record PortalSecurityMode(bool LoginConfigured)
{
    /// <summary>The configuration key whose presence turns login on.</summary>
    public const string AuthorityKey = OpenIdConnectSettings.SectionName + ":" + nameof(OpenIdConnectSettings.Authority);

    /// <summary>No login is configured: the loopback-only rules apply.</summary>
    public bool IsLocal => !LoginConfigured;

    public static PortalSecurityMode From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new PortalSecurityMode(OpenIdConnectSettings.IsConfiguredIn(configuration));
    }
}
